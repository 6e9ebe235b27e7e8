import Foundation

/// A replica test's own failure, with what it saw.
struct ReplicaTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
