import Dispatch
import Foundation
import Synchronization

/// Maps a collection on every core: `ProcessInfo.activeProcessorCount`
/// workers take the next unclaimed element until none is left, so uneven
/// costs balance out. The results keep the elements' order.
public enum ParallelMap {
    /// `elements.map(transform)`, with `transform` called from several threads at once.
    public static func map<Element: Sendable, Result: Sendable>(_ elements: [Element],
                                                        _ transform: @Sendable (Element) -> Result) -> [Result] {
        guard elements.count > 1 else { return elements.map(transform) }
        let workers = min(elements.count, max(1, ProcessInfo.processInfo.activeProcessorCount))
        let next = Atomic<Int>(0)
        return [Result](unsafeUninitializedCapacity: elements.count) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            let results = SendableBuffer(base: base)
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while true {
                    let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard index < elements.count else { return }
                    (results.base + index).initialize(to: transform(elements[index]))
                }
            }
            initialized = elements.count
        }
    }

    /// The results' storage, written at distinct indices by the workers.
    private struct SendableBuffer<Value>: @unchecked Sendable {
        let base: UnsafeMutablePointer<Value>
    }
}
