import ShiftLint
print(loadedLibclangVersion)
