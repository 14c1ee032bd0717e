// libclang's C API, from Debian's LLVM (the include path is passed by Package.swift).
#include <clang-c/Index.h>
#include <clang-c/CXCompilationDatabase.h>
