import Foundation

/// `--kernel`: kbuild's compiler arguments derived from a configured kernel tree (after
/// `make defconfig && make prepare`), so every `.c` under the paths is parsed with real types,
/// also files the configuration does not build. `make compile_commands.json` (or
/// scripts/clang-tools/gen_compile_commands.py) with `-p` gives the exact flags of built files.
public struct KernelTree: Sendable {
    public let root: String
    /// The source architecture (`x86`, `arm64`, …) and whether the configuration is 64-bit.
    public let architecture: String
    public let is64Bit: Bool

    /// The configured tree above `path`: the nearest directory holding the top `Makefile` and
    /// `include/generated/autoconf.h`.
    public static func find(above path: String) -> Result<KernelTree, InputError> {
        var dir = URL(fileURLWithPath: path).standardized
        let fm = FileManager.default
        while true {
            if fm.fileExists(atPath: dir.appendingPathComponent("Makefile").path),
                fm.fileExists(atPath: dir.appendingPathComponent("include/generated/autoconf.h").path)
            {
                return load(dir.path)
            }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { break }
            dir = parent
        }
        return .failure(
            InputError(
                "\(path): not in a configured kernel tree (no Makefile with include/generated/autoconf.h above it; run make defconfig && make prepare)"
            ))
    }

    static func load(_ root: String) -> Result<KernelTree, InputError> {
        let config = (try? String(contentsOfFile: root + "/include/config/auto.conf", encoding: .utf8)) ?? ""
        let is64 = config.split(separator: "\n").contains("CONFIG_64BIT=y")
        // The configured architecture is the one whose generated headers `make prepare` wrote.
        let arches = (try? FileManager.default.contentsOfDirectory(atPath: root + "/arch")) ?? []
        guard
            let arch = arches.sorted().first(where: {
                FileManager.default.fileExists(atPath: "\(root)/arch/\($0)/include/generated/asm")
            })
        else {
            return .failure(InputError("\(root): no arch/*/include/generated/asm; run make prepare"))
        }
        return .success(KernelTree(root: root, architecture: arch, is64Bit: is64))
    }

    /// What selects the target: clang's spelling of the architecture's ABI.
    var targetArguments: [String] {
        switch architecture {
        case "x86": return [is64Bit ? "-m64" : "-m32"]
        case "arm64": return ["--target=aarch64-linux-gnu"]
        case "arm": return ["--target=arm-linux-gnueabi"]
        case "riscv": return ["--target=\(is64Bit ? "riscv64" : "riscv32")-linux-gnu"]
        case "powerpc": return ["--target=\(is64Bit ? "powerpc64le" : "powerpc")-linux-gnu"]
        case "s390": return ["--target=s390x-linux-gnu"]
        case "mips": return ["--target=\(is64Bit ? "mips64el" : "mipsel")-linux-gnu"]
        case "loongarch": return ["--target=loongarch64-linux-gnu"]
        default: return []
        }
    }

    /// kbuild's flags that decide types and macros (scripts/Makefile.lib's `c_flags`, less
    /// code generation and warnings), for every file of the tree.
    public var arguments: [String] {
        let a = "\(root)/arch/\(architecture)"
        var args = ["-nostdinc"]
        args += [
            "\(a)/include", "\(a)/include/generated", "\(root)/include", "\(a)/include/uapi", "\(a)/include/generated/uapi",
            "\(root)/include/uapi", "\(root)/include/generated/uapi",
        ].map { "-I" + $0 }
        for header in ["compiler-version.h", "kconfig.h", "compiler_types.h"]
        where FileManager.default.fileExists(atPath: "\(root)/include/linux/\(header)") {
            args += ["-include", "\(root)/include/linux/\(header)"]
        }
        args += ["-D__KERNEL__", "-std=gnu11", "-fshort-wchar", "-fno-strict-overflow"] + targetArguments
        return args
    }

    /// What kbuild adds per file: its directory on the include path and the module and base
    /// names (`pr_fmt` expands `KBUILD_MODNAME`).
    public func arguments(for file: String) -> [String] {
        let name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension.replacingOccurrences(
            of: "-", with: "_")
        return arguments + [
            "-I" + (file as NSString).deletingLastPathComponent, "-DKBUILD_MODNAME=\"\(name)\"", "-DKBUILD_BASENAME=\"\(name)\"",
        ]
    }
}
