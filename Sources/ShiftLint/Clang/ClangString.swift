import CClang

/// Takes ownership of a `CXString`, copies it into a Swift `String` and disposes it.
@inline(__always)
func consume(_ string: CXString) -> String {
    defer { clang_disposeString(string) }
    guard let cString = clang_getCString(string) else { return "" }
    return String(cString: cString)
}

/// The version string of the libclang that is actually loaded into this process
/// (e.g. "Debian clang version 19.1.7"), not the one we were compiled against.
public var loadedLibclangVersion: String {
    consume(clang_getClangVersion())
}
