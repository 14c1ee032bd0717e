// swift-tools-version:5.10
import PackageDescription
import Foundation

/// Debian's LLVM (≥ 17) that provides libclang's headers and `libclang-N.so`.
/// SHIFTLINT_LLVM_DIR overrides; otherwise the newest /usr/lib/llvm-N with N ≥ 17.
/// The Swift toolchain ships its own libclang (without headers): we must not link that one,
/// so we pass `-L` and an rpath to Debian's directory explicitly.
func llvmDirectory() -> String {
    if let dir = ProcessInfo.processInfo.environment["SHIFTLINT_LLVM_DIR"], !dir.isEmpty {
        return dir
    }
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib")) ?? []
    let versions = entries.compactMap { name -> Int? in
        guard name.hasPrefix("llvm-"), let n = Int(name.dropFirst(5)), n >= 17 else { return nil }
        let header = "/usr/lib/\(name)/include/clang-c/Index.h"
        return FileManager.default.fileExists(atPath: header) ? n : nil
    }
    guard let newest = versions.max() else { return "/usr/lib/llvm-19" }
    return "/usr/lib/llvm-\(newest)"
}

let llvm = llvmDirectory()
let clangInclude: [SwiftSetting] = [.unsafeFlags(["-Xcc", "-I\(llvm)/include"])]

let package = Package(
    name: "shiftlint",
    products: [
        .executable(name: "shiftlint", targets: ["shiftlint"]),
        .library(name: "ShiftLint", targets: ["ShiftLint"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        .systemLibrary(name: "CClang", path: "Sources/CClang"),
        .target(
            name: "ShiftLint",
            dependencies: ["CClang", .product(name: "Yams", package: "Yams")],
            swiftSettings: clangInclude,
            linkerSettings: [
                .unsafeFlags(["-L\(llvm)/lib", "-Xlinker", "-rpath", "-Xlinker", "\(llvm)/lib"]),
                .linkedLibrary("clang"),
            ]
        ),
        .executableTarget(
            name: "shiftlint",
            dependencies: [
                "ShiftLint",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: clangInclude
        ),
        .testTarget(
            name: "ShiftLintTests",
            dependencies: ["ShiftLint"],
            swiftSettings: clangInclude
        ),
    ]
)
