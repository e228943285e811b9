import LearningCentreCore
import Synchronization

/// A thread-safe counter (request ids, requests in flight).
public final class AtomicCounter: Sendable {
    private let value = Atomic<Int>(0)
    public init() {}
    @discardableResult public func increment() -> Int { value.wrappingAdd(1, ordering: .relaxed).newValue }
    @discardableResult public func decrement() -> Int { value.wrappingSubtract(1, ordering: .relaxed).newValue }
    public var current: Int { value.load(ordering: .relaxed) }
}
