import CClang
import Foundation

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

/// The path of the shared object that provides libclang in this process (from the
/// process's memory map), to prove which LLVM is loaded: Debian's, not the Swift toolchain's.
public var loadedLibclangPath: String {
    _ = clang_getClangVersion   // make sure the library is mapped
    // /proc files report size 0, so read them as a stream.
    guard let handle = FileHandle(forReadingAtPath: "/proc/self/maps") else { return "unknown" }
    defer { try? handle.close() }
    let maps = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
    for line in maps.split(separator: "\n") {
        guard let slash = line.firstIndex(of: "/") else { continue }
        let path = line[slash...]
        if path.split(separator: "/").last?.hasPrefix("libclang") == true, !path.contains("libclang-cpp") {
            return String(path)
        }
    }
    return "unknown"
}
