import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A problem with the scan's cache: a file that is not a valid cache file, or one that cannot
/// be written. Never fatal: the file is ignored (or not written) and the run goes on.
struct CacheProblem: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A 64-bit hash of bytes, fed in pieces: each 16-byte block is folded in with one 64×64→128
/// multiply (wyhash's mixing), so hashing a file costs far less than lexing it. For change
/// detection and checksums, not for security: a file built to collide is not guarded against.
struct ContentHasher {
    private static let p0: UInt64 = 0xa076_1d64_78bd_642f
    private static let p1: UInt64 = 0xe703_7ed1_a0b4_28db
    private static let p2: UInt64 = 0x8ebc_6af0_9c88_c6e3
    private static let p3: UInt64 = 0x5899_65cc_7537_4cc3
    private var state: UInt64 = ContentHasher.p0
    private var length: UInt64 = 0
    /// The bytes of an unfinished block (fewer than 16), little-endian in two words.
    private var tail: (UInt64, UInt64) = (0, 0)
    private var tailCount = 0

    @inline(__always) private static func mum(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let r = a.multipliedFullWidth(by: b)
        return r.high ^ r.low
    }

    @inline(__always) private mutating func block(_ a: UInt64, _ b: UInt64) {
        state = ContentHasher.mum(a ^ ContentHasher.p1, b ^ state)
    }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        let n = bytes.count
        guard n > 0, let base = bytes.baseAddress else { return }
        length &+= UInt64(n)
        var i = 0
        while tailCount > 0 && tailCount < 16 && i < n {
            let shift = UInt64((tailCount & 7) * 8)
            if tailCount < 8 {
                tail.0 |= UInt64(base.load(fromByteOffset: i, as: UInt8.self)) << shift
            } else {
                tail.1 |= UInt64(base.load(fromByteOffset: i, as: UInt8.self)) << shift
            }
            tailCount += 1
            i += 1
        }
        if tailCount == 16 {
            block(tail.0, tail.1)
            tail = (0, 0)
            tailCount = 0
        }
        while i + 16 <= n {
            block(
                UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self)),
                UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)))
            i += 16
        }
        while i < n {
            let shift = UInt64((tailCount & 7) * 8)
            if tailCount < 8 {
                tail.0 |= UInt64(base.load(fromByteOffset: i, as: UInt8.self)) << shift
            } else {
                tail.1 |= UInt64(base.load(fromByteOffset: i, as: UInt8.self)) << shift
            }
            tailCount += 1
            i += 1
        }
    }

    mutating func update<T>(_ value: T) {
        withUnsafeBytes(of: value) { update($0) }
    }

    var value: UInt64 {
        var s = state
        if tailCount > 0 { s = ContentHasher.mum(tail.0 ^ ContentHasher.p1, tail.1 ^ s ^ ContentHasher.p2) }
        return ContentHasher.mum(s ^ ContentHasher.p3, length ^ ContentHasher.p0)
    }

    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h = ContentHasher()
        h.update(bytes)
        return h.value
    }

    static func hash(_ text: String) -> UInt64 {
        Array(text.utf8).withUnsafeBytes { hash($0) }
    }
}

/// What `stat(2)` says of a file, as the cache compares it: any difference and the file is
/// read again (and its content hash compared).
struct FileStamp: Equatable {
    var size: Int64
    var mtimeSeconds: Int64
    var mtimeNanoseconds: Int64
    var ctimeSeconds: Int64
    var ctimeNanoseconds: Int64
    var inode: UInt64
    var device: UInt64

    /// Nil when the path is not a regular file (or cannot be stat'ed).
    init?(path: String) {
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        size = Int64(st.st_size)
        mtimeSeconds = Int64(st.st_mtim.tv_sec)
        mtimeNanoseconds = Int64(st.st_mtim.tv_nsec)
        ctimeSeconds = Int64(st.st_ctim.tv_sec)
        ctimeNanoseconds = Int64(st.st_ctim.tv_nsec)
        inode = UInt64(st.st_ino)
        device = UInt64(st.st_dev)
    }

    init(size: Int64, mtime: (Int64, Int64), ctime: (Int64, Int64), inode: UInt64, device: UInt64) {
        self.size = size
        (mtimeSeconds, mtimeNanoseconds) = mtime
        (ctimeSeconds, ctimeNanoseconds) = ctime
        self.inode = inode
        self.device = device
    }

    /// Whether the file was changed so recently (at or after `since`, in seconds of the
    /// wall clock) that a later change could leave the same times (file systems keep times
    /// at a clock tick's granularity): the next run compares its content, not just its stamp.
    func isRacy(since: Int64) -> Bool { mtimeSeconds >= since || ctimeSeconds >= since }
}

/// The layout of a cache file: a header (magic, format version, generation, the key the
/// file was written under, the sections' places and checksums, the header's own checksum),
/// then the sections, each at an 8-byte aligned offset.
enum CacheFileLayout {
    static let formatVersion: UInt32 = 1
    /// magic (8), format version (4), header size (4), generation (8), section count (4),
    /// key length (4).
    static let fixedSize = 32

    static func headerSize(keyLength: Int, sections: Int) -> Int {
        fixedSize + (keyLength + 7) / 8 * 8 + 24 * sections + 8
    }
}

/// Writes one cache file to a temporary file beside its target, renamed over the target
/// when complete: a reader sees the old file or the new one, never a part of one, and two
/// runs writing at once each replace it whole.
final class CacheFileWriter {
    private let target: String
    private let temporary: String
    private var fd: Int32
    private let magic: [UInt8]
    private let key: [UInt8]
    private let generation: UInt64
    private let headerSize: Int
    private var sections: [(offset: UInt64, length: UInt64, checksum: UInt64)] = []
    private let sectionCount: Int
    private var hasher = ContentHasher()
    private var sectionStart: UInt64 = 0
    private var offset: UInt64 = 0
    private var buffer: [UInt8] = []
    private var problem: CacheProblem?

    init(path: String, magic: String, key: String, generation: UInt64, sections: Int) throws {
        target = path
        temporary = "\(path).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        self.magic = Array(magic.utf8.prefix(8)) + [UInt8](repeating: 0, count: max(0, 8 - magic.utf8.count))
        self.key = Array(key.utf8)
        self.generation = generation
        sectionCount = sections
        headerSize = CacheFileLayout.headerSize(keyLength: self.key.count, sections: sections)
        fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CacheProblem("cannot create \(temporary): \(String(cString: strerror(errno)))") }
        buffer.reserveCapacity(1 << 20)
        buffer += [UInt8](repeating: 0, count: headerSize)
        offset = UInt64(headerSize)
    }

    deinit {
        if fd >= 0 {
            close(fd)
            unlink(temporary)
        }
    }

    private func flush() {
        guard problem == nil, !buffer.isEmpty else { return }
        let ok = buffer.withUnsafeBytes { raw -> Bool in
            guard var p = raw.baseAddress else { return true }
            var left = raw.count
            while left > 0 {
                let n = write(fd, p, left)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return false }
                p += n
                left -= n
            }
            return true
        }
        if !ok { problem = CacheProblem("cannot write \(temporary): \(String(cString: strerror(errno)))") }
        buffer.removeAll(keepingCapacity: true)
    }

    func beginSection() {
        while offset % 8 != 0 {
            buffer.append(0)
            offset += 1
        }
        sectionStart = offset
        hasher = ContentHasher()
    }

    func append(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        hasher.update(bytes)
        offset += UInt64(bytes.count)
        if bytes.count >= 1 << 16 {
            flush()
            buffer += bytes
            flush()
        } else {
            buffer += bytes
            if buffer.count >= 1 << 20 { flush() }
        }
    }

    func append<T>(_ array: [T]) {
        array.withUnsafeBytes { append($0) }
    }

    func append<T>(_ slice: ArraySlice<T>) {
        slice.withUnsafeBytes { append($0) }
    }

    func appendValue<T>(_ value: T) {
        withUnsafeBytes(of: value) { append($0) }
    }

    func endSection() {
        sections.append((sectionStart, offset - sectionStart, hasher.value))
    }

    /// Writes the header and renames the file over the target.
    func commit() throws {
        guard sections.count == sectionCount else { throw CacheProblem("internal: \(sections.count) sections written") }
        flush()
        if let problem { throw problem }
        var header: [UInt8] = []
        header.reserveCapacity(headerSize)
        func put<T>(_ v: T) { withUnsafeBytes(of: v) { header += $0 } }
        header += magic
        put(CacheFileLayout.formatVersion)
        put(UInt32(headerSize))
        put(generation)
        put(UInt32(sectionCount))
        put(UInt32(key.count))
        header += key
        while header.count % 8 != 0 { header.append(0) }
        for s in sections {
            put(s.offset)
            put(s.length)
            put(s.checksum)
        }
        put(header.withUnsafeBytes { ContentHasher.hash($0) })
        let written = header.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        guard written == header.count else {
            throw CacheProblem("cannot write \(temporary): \(String(cString: strerror(errno)))")
        }
        close(fd)
        fd = -1
        guard rename(temporary, target) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw CacheProblem("cannot rename \(temporary) to \(target): \(reason)")
        }
    }
}

/// One cache file read back (mapped): its header checked against the key it must have been
/// written under; each section's checksum verified the first time it is asked for.
final class CacheFileReader {
    let generation: UInt64
    private let file: MappedFile
    private let sections: [(offset: Int, length: Int, checksum: UInt64)]
    private var verified: [Bool?]

    /// Nil with no problem when there is no such file; a problem when it is not a cache file
    /// written under `key` (truncated, garbage, another version or other options).
    static func open(path: String, magic: String, key: String) -> Result<CacheFileReader, CacheProblem>? {
        guard access(path, F_OK) == 0 else { return nil }
        guard let file = MappedFile(path: path) else { return .failure(CacheProblem("cannot read it")) }
        do {
            return .success(try CacheFileReader(file: file, magic: magic, key: key))
        } catch let problem as CacheProblem {
            return .failure(problem)
        } catch {
            return .failure(CacheProblem("\(error)"))
        }
    }

    private init(file: MappedFile, magic: String, key: String) throws {
        self.file = file
        let raw = UnsafeRawBufferPointer(file.buffer)
        guard raw.count >= CacheFileLayout.fixedSize, let base = raw.baseAddress else { throw CacheProblem("truncated header") }
        let expectedMagic = Array(magic.utf8.prefix(8)) + [UInt8](repeating: 0, count: max(0, 8 - magic.utf8.count))
        guard Array(raw[0..<8]) == expectedMagic else { throw CacheProblem("not a shiftlint cache file") }
        guard base.loadUnaligned(fromByteOffset: 8, as: UInt32.self) == CacheFileLayout.formatVersion else {
            throw CacheProblem("another format version")
        }
        let headerSize = Int(base.loadUnaligned(fromByteOffset: 12, as: UInt32.self))
        generation = base.loadUnaligned(fromByteOffset: 16, as: UInt64.self)
        let count = Int(base.loadUnaligned(fromByteOffset: 24, as: UInt32.self))
        let keyLength = Int(base.loadUnaligned(fromByteOffset: 28, as: UInt32.self))
        guard count <= 64, keyLength <= 1 << 24,
            headerSize == CacheFileLayout.headerSize(keyLength: keyLength, sections: count), headerSize <= raw.count
        else { throw CacheProblem("truncated or damaged header") }
        let checksum = base.loadUnaligned(fromByteOffset: headerSize - 8, as: UInt64.self)
        guard ContentHasher.hash(UnsafeRawBufferPointer(rebasing: raw[0..<(headerSize - 8)])) == checksum else {
            throw CacheProblem("damaged header")
        }
        let keyBytes = raw[CacheFileLayout.fixedSize..<(CacheFileLayout.fixedSize + keyLength)]
        guard keyBytes.elementsEqual(key.utf8) else {
            throw CacheProblem("written by another version of shiftlint or with other options")
        }
        var sections: [(Int, Int, UInt64)] = []
        var at = CacheFileLayout.fixedSize + (keyLength + 7) / 8 * 8
        for _ in 0..<count {
            let o = base.loadUnaligned(fromByteOffset: at, as: UInt64.self)
            let l = base.loadUnaligned(fromByteOffset: at + 8, as: UInt64.self)
            let c = base.loadUnaligned(fromByteOffset: at + 16, as: UInt64.self)
            guard o % 8 == 0, o <= UInt64(raw.count), l <= UInt64(raw.count) - o else {
                throw CacheProblem("a section lies outside the file (truncated?)")
            }
            sections.append((Int(o), Int(l), c))
            at += 24
        }
        self.sections = sections
        verified = [Bool?](repeating: nil, count: count)
    }

    var sectionCount: Int { sections.count }

    /// The bytes of section `i`, or nil when its checksum does not match (a damaged file).
    /// Not safe to call from several threads for a section not yet verified.
    func section(_ i: Int) -> UnsafeRawBufferPointer? {
        guard i >= 0, i < sections.count else { return nil }
        let s = sections[i]
        let bytes = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(file.buffer)[s.offset..<(s.offset + s.length)])
        if verified[i] == nil { verified[i] = ContentHasher.hash(bytes) == s.checksum }
        return verified[i] == true ? bytes : nil
    }

    /// Section `i` as an array of `T` (plain values); nil when damaged or of the wrong length.
    func array<T>(_ i: Int, of type: T.Type) -> [T]? {
        guard let bytes = section(i), bytes.count % MemoryLayout<T>.stride == 0 else { return nil }
        return CacheFileReader.copy(bytes, as: T.self)
    }

    /// Copies plain values out of (possibly unaligned) bytes.
    static func copy<T>(_ bytes: UnsafeRawBufferPointer, as type: T.Type) -> [T] {
        let n = bytes.count / MemoryLayout<T>.stride
        return [T](unsafeUninitializedCapacity: n) { buffer, count in
            if n > 0, let source = bytes.baseAddress, let destination = buffer.baseAddress {
                UnsafeMutableRawPointer(destination).copyMemory(from: source, byteCount: n * MemoryLayout<T>.stride)
            }
            count = n
        }
    }
}
