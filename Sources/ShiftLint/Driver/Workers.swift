import Foundation

/// Persistent worker processes, one per job slot: a libclang crash, a stack overflow, a hang
/// or a memory blow-up costs the file being analyzed, never the run. A worker that dies is
/// replaced before its slot takes the next file. A watchdog kills a worker whose file runs
/// past the time limit or whose resident memory passes the memory limit, so the run's peak
/// memory stays within workers × limit (plus the driver).
final class WorkerPool: @unchecked Sendable {
    let executable: String
    let setup: Data
    let timeout: Double
    let memoryLimit: Int
    private let lock = NSLock()
    private var slots: [Slot]
    private var watchdog: Thread?
    private var stopped = false

    /// Why a worker was stopped, when the driver stopped it.
    enum Stop { case timeout, memory, cancelled }

    private final class Slot {
        var process: Process?
        var input: Int32 = -1
        var reader: LineReader?
        var busySince: UInt64?
        var stop: Stop?
        var handles: [FileHandle] = []
        /// How many of the run's evaluated headers this worker was told of.
        var told = 0
    }

    init(executable: String, setup: WorkerSetup, jobs: Int, timeout: Double, memoryLimitMiB: Int) throws {
        self.executable = executable
        self.setup = try JSONEncoder().encode(setup) + Data("\n".utf8)
        self.timeout = timeout
        self.memoryLimit = memoryLimitMiB << 20
        self.slots = (0..<max(1, jobs)).map { _ in Slot() }
        // A worker that died must not kill the driver when it writes to the worker's pipe.
        signal(SIGPIPE, SIG_IGN)
        let watchdog = Thread { [weak self] in
            while let self, self.watch() { usleep(20_000) }
        }
        self.watchdog = watchdog
        watchdog.start()
    }

    /// Analyzes one job in slot `slot`'s worker (started or restarted as needed).
    func run(_ job: WorkerJob, slot index: Int, evaluated: DoneHeaders, display: String) -> Analyzer.UnitOutcome {
        let slot = slots[index]
        var outcome = Analyzer.UnitOutcome()
        lock.lock()
        if slot.process == nil { slot.told = 0 }
        let (new, count) = evaluated.since(slot.told)
        slot.told = count
        lock.unlock()
        var job = job
        job.done = Set(new)
        guard let line = try? JSONEncoder().encode(job) else {
            outcome.toolErrors.append("\(display): cannot encode the job for a worker; skipped")
            return outcome
        }
        lock.lock()
        if stopped {
            lock.unlock()
            return outcome
        }
        if slot.process == nil, let problem = start(slot) {
            lock.unlock()
            outcome.toolErrors.append("\(display): cannot start a worker process (\(problem)); skipped")
            return outcome
        }
        slot.busySince = DispatchTime.now().uptimeNanoseconds
        slot.stop = nil
        let input = slot.input, reader = slot.reader
        lock.unlock()

        let answer = writeAll(input, line + Data("\n".utf8)) ? reader?.next() : nil

        lock.lock()
        slot.busySince = nil
        let stop = slot.stop
        lock.unlock()
        if let answer, stop == nil, let wire = try? JSONDecoder().decode(WireOutcome.self, from: answer) {
            return wire.outcome
        }
        // The worker is gone (or answered nonsense): reap it; the next job starts another.
        let status = reap(slot)
        switch stop {
        case .timeout?:
            outcome.toolErrors.append("\(display): analysis took longer than \(Self.seconds(timeout)) (--file-timeout); skipped")
        case .memory?:
            outcome.toolErrors.append(
                "\(display): analysis used more than \(memoryLimit >> 20) MiB of memory (--memory-limit); skipped")
        case .cancelled?:
            outcome.interrupted = true
        case nil:
            outcome.toolErrors.append("\(display): libclang crashed while parsing; skipped")
            outcome.crashStatus = status
        }
        return outcome
    }

    /// Stops every worker (cancellation): the jobs under way end as interrupted.
    func cancelAll() {
        lock.lock()
        stopped = true
        for slot in slots where slot.process != nil {
            if slot.busySince != nil { slot.stop = .cancelled }
            kill(slot.process?.processIdentifier ?? 0, SIGKILL)
        }
        lock.unlock()
    }

    /// Ends every worker (their input closes) and the watchdog.
    func shutDown() {
        lock.lock()
        stopped = true
        let all = slots
        lock.unlock()
        for slot in all { _ = reap(slot, closeInput: true) }
    }

    private static func seconds(_ s: Double) -> String {
        s == s.rounded() ? "\(Int(s)) s" : "\(s) s"
    }

    /// Starts a worker in `slot` (lock held); a reason when it cannot.
    private func start(_ slot: Slot) -> String? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = ["--worker"]
        var env = ProcessInfo.processInfo.environment
        // Parse on the worker's own large-stack thread (libclang otherwise parses on an
        // 8 MiB thread of its own, which deep but legal code overflows), and let a crash end
        // the worker instead of leaving libclang in a recovered, possibly corrupt state.
        env["LIBCLANG_NOTHREADS"] = "1"
        env["LIBCLANG_DISABLE_CRASH_RECOVERY"] = "1"
        p.environment = env
        let toWorker = Pipe(), fromWorker = Pipe()
        p.standardInput = toWorker
        p.standardOutput = fromWorker
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return "\(error)" }
        // The driver keeps only its ends of the pipes.
        try? toWorker.fileHandleForReading.close()
        try? fromWorker.fileHandleForWriting.close()
        let input = toWorker.fileHandleForWriting.fileDescriptor
        guard writeAll(input, setup) else {
            p.terminate()
            return "it did not take its setup"
        }
        slot.process = p
        slot.input = input
        slot.reader = LineReader(fd: fromWorker.fileHandleForReading.fileDescriptor)
        // Keep the file handles (and so the descriptors) alive as long as the slot.
        slot.handles = [toWorker.fileHandleForWriting, fromWorker.fileHandleForReading]
        return nil
    }

    /// Waits for a worker to end (killing it unless `closeInput`, which lets it finish) and
    /// empties its slot; the termination signal, if it died of one.
    @discardableResult
    private func reap(_ slot: Slot, closeInput: Bool = false) -> Int32? {
        lock.lock()
        guard let p = slot.process else {
            lock.unlock()
            return nil
        }
        slot.process = nil
        slot.reader = nil
        let handles = slot.handles
        slot.handles = []
        lock.unlock()
        if !closeInput { kill(p.processIdentifier, SIGKILL) }
        for h in handles { try? h.close() }
        p.waitUntilExit()
        return p.terminationReason == .uncaughtSignal ? p.terminationStatus : nil
    }

    /// One look at every busy worker; false once the pool is shut down.
    private func watch() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if stopped && slots.allSatisfy({ $0.process == nil }) { return false }
        let now = DispatchTime.now().uptimeNanoseconds
        for slot in slots {
            guard let since = slot.busySince, slot.stop == nil, let pid = slot.process?.processIdentifier else { continue }
            if Double(now - since) / 1e9 > timeout {
                slot.stop = .timeout
            } else if let rss = Self.residentBytes(pid), rss > memoryLimit {
                slot.stop = .memory
            }
            if slot.stop != nil { kill(pid, SIGKILL) }
        }
        return true
    }

    /// A process's resident memory, from /proc.
    static func residentBytes(_ pid: Int32) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/statm", encoding: .ascii) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}

/// The worker side: `shiftlint --worker` reads its setup, then analyzes one job per line and
/// answers with one outcome line, until its input ends.
public enum Worker {
    public static func serve() -> Int32 {
        // The driver decides when a worker stops; an interrupt at the terminal goes to it.
        signal(SIGINT, SIG_IGN)
        let reader = LineReader(fd: 0)
        guard let first = reader.next(), let setup = try? JSONDecoder().decode(WorkerSetup.self, from: first) else {
            return 2
        }
        let analyzer = Analyzer(options: setup.options)
        let fault = ProcessInfo.processInfo.environment["SHIFTLINT_WORKER_FAULT"]
        return withLargeStack {
            var done = Set<String>()
            while let line = reader.next() {
                guard let job = try? JSONDecoder().decode(WorkerJob.self, from: line) else { return 2 }
                done.formUnion(job.done)
                if let fault { injectFault(fault, job.file) }
                let outcome = analyzer.analyzeUnit(
                    job.file, arguments: job.arguments, target: job.target, inputs: setup.inputs, timing: setup.timing,
                    manyFiles: setup.manyFiles, done: done)
                guard let data = try? JSONEncoder().encode(WireOutcome(outcome)), writeAll(1, data + Data("\n".utf8)) else {
                    return 2
                }
            }
            return 0
        }
    }

    /// Test hook (SHIFTLINT_WORKER_FAULT=crash:NAME, hang:NAME or memory:NAME): the worker
    /// crashes, hangs or grows without bound on a file whose path ends with NAME, as libclang
    /// can on hostile input; the tests of crash isolation and limits use it.
    private static func injectFault(_ spec: String, _ file: String) {
        let parts = spec.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, file.hasSuffix(parts[1]) else { return }
        switch parts[0] {
        case "crash": kill(getpid(), SIGKILL)
        case "hang": while true { sleep(60) }
        case "memory":
            var hoard: [[UInt8]] = []
            while true { hoard.append([UInt8](repeating: 1, count: 64 << 20)) }
        default: return
        }
    }
}
