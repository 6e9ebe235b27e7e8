import Testing
import Updraft

@Test func roundTripsCodableValues() throws {
    struct Payload: Codable, Equatable { var id: String; var count: Int }
    let value = try JSONValue(encoding: Payload(id: "a", count: 3))
    #expect(value == .object(["id": .string("a"), "count": .int(3)]))
    #expect(try value.decode(Payload.self) == Payload(id: "a", count: 3))
}
