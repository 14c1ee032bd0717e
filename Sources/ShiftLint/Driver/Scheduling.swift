import Foundation

/// A run's cancellation (SIGINT, SIGTERM): whoever holds work registers how to stop it.
public final class Cancellation: @unchecked Sendable {
    private let lock = NSLock()
    private var reasonValue: String?
    private var handlers: [() -> Void] = []

    public init() {}

    /// Why the run was cancelled, or nil.
    public var reason: String? {
        lock.lock()
        defer { lock.unlock() }
        return reasonValue
    }

    /// Cancels once; later calls do nothing.
    public func cancel(_ reason: String) {
        lock.lock()
        guard reasonValue == nil else { return lock.unlock() }
        reasonValue = reason
        let toRun = handlers
        lock.unlock()
        for h in toRun { h() }
    }

    /// Runs `handler` on cancellation (at once when already cancelled).
    func onCancel(_ handler: @escaping () -> Void) {
        lock.lock()
        if reasonValue != nil {
            lock.unlock()
            return handler()
        }
        handlers.append(handler)
        lock.unlock()
    }
}

/// Runs `body` over `items` on up to `jobs` threads (each with a large stack; `body` gets the
/// thread's index) and hands each result to `then` in the order of `items`, as soon as it and
/// all before it are done. After `cancellation`, no further item starts; the items that never
/// ran are handed over as `notRun(item)`.
func inOrder<Item, T>(
    _ items: [Item], jobs: Int, cancellation: Cancellation? = nil, notRun: @escaping (Item) -> T,
    _ body: @escaping (Int, Item) -> T, then: (T) -> Void
) {
    let queue = OrderedResults<T>(count: items.count)
    cancellation?.onCancel { queue.cancel() }
    let workers = min(max(1, jobs), items.count)
    for w in 0..<workers {
        let thread = Thread {
            while let i = queue.take() { queue.put(i, body(w, items[i])) }
        }
        thread.stackSize = 1 << 30
        thread.start()
    }
    while let value = queue.nextInOrder(notRun: { notRun(items[$0]) }) { then(value) }
}

/// Hands out indices to workers and returns their results in index order.
private final class OrderedResults<T>: @unchecked Sendable {
    private let condition = NSCondition()
    private var next = 0
    private var consumed = 0
    private var ready: [Int: T] = [:]
    private var cancelled = false
    private let count: Int

    init(count: Int) { self.count = count }

    func take() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        guard next < count, !cancelled else { return nil }
        next += 1
        return next - 1
    }

    func put(_ i: Int, _ value: T) {
        condition.lock()
        ready[i] = value
        condition.broadcast()
        condition.unlock()
    }

    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    /// Blocks until the next result in order is ready (or, after cancellation, is known never
    /// to run); nil when all were returned.
    func nextInOrder(notRun: (Int) -> T) -> T? {
        condition.lock()
        defer { condition.unlock() }
        guard consumed < count else { return nil }
        while ready[consumed] == nil {
            if cancelled && consumed >= next {
                consumed += 1
                return notRun(consumed - 1)
            }
            condition.wait()
        }
        let value = ready.removeValue(forKey: consumed)
        consumed += 1
        return value
    }
}

/// Runs `body` on a thread with a large stack and waits for it.
func withLargeStack<T>(bytes: Int = 1 << 30, _ body: @escaping () -> T) -> T {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
        box.value = body()
        done.signal()
    }
    thread.stackSize = bytes
    thread.start()
    done.wait()
    return box.value ?? body()
}

private final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}

/// Runs `body(i)` for `i` in `0..<count` on as many threads, each with a large stack (the
/// scan's evaluator recurses over hostile nesting as deep as a unit's does), and waits for all.
func onLargeStackThreads(_ count: Int, bytes: Int = 1 << 30, _ body: @escaping @Sendable (Int) -> Void) {
    let done = DispatchSemaphore(value: 0)
    for i in 0..<count {
        let thread = Thread {
            body(i)
            done.signal()
        }
        thread.stackSize = bytes
        thread.start()
    }
    for _ in 0..<count { done.wait() }
}
