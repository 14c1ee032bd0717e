import XCTest
@testable import ShiftLint

final class ShellWordsTests: XCTestCase {
    func testSplitsLikeAShell() throws {
        XCTAssertEqual(
            try ShellWords.split(#"gcc -DKBUILD_MODFILE='"fs/iomap/iomap"' -I ./fs  -c"#),
            ["gcc", #"-DKBUILD_MODFILE="fs/iomap/iomap""#, "-I", "./fs", "-c"])
        XCTAssertEqual(try ShellWords.split(#"a "b c" d\ e "x\"y" 'q\'"#), ["a", "b c", "d e", #"x"y"#, #"q\"#])
        XCTAssertEqual(try ShellWords.split(""), [])
        XCTAssertThrowsError(try ShellWords.split("gcc 'unterminated"))
    }

    func testCompilerFlags() {
        let words = ["gcc", "-Wp,-MMD,fs/.x.o.d", "-nostdinc", "-I./include", "-c", "-o", "fs/x.o", "fs/x.c", "-O2"]
        XCTAssertEqual(ShellWords.compilerFlags(words, source: "fs/x.c"), ["-nostdinc", "-I./include", "-O2"])
    }
}
