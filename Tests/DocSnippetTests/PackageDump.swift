/// The parts of `swift package dump-package`'s JSON that name dependencies.
struct PackageDump: Decodable {
    struct Dependency: Decodable {
        struct Entry: Decodable {
            var identity: String
            var nameForTargetDependencyResolutionOnly: String?
        }

        var sourceControl: [Entry]?
        var fileSystem: [Entry]?

        /// The names a `.product(name:package:)` may use for it, lower-cased: its identity and its explicit name.
        var names: [String] {
            ((sourceControl ?? []) + (fileSystem ?? [])).flatMap { entry in
                [entry.identity] + (entry.nameForTargetDependencyResolutionOnly.map { [$0.lowercased()] } ?? [])
            }
        }
    }

    struct Target: Decodable {
        /// `{"product": [name, package, moduleAliases, condition]}`, `{"byName": […]}` or `{"target": […]}`.
        struct Reference: Decodable {
            var product: [Field]?
        }

        /// A JSON value of which only strings matter here.
        struct Field: Decodable {
            var string: String?
            init(from decoder: any Decoder) throws { string = try? decoder.singleValueContainer().decode(String.self) }
        }

        var name: String
        var dependencies: [Reference]

        /// `(product, package)` of each `.product(name:package:)`.
        var productDependencies: [(String, String)] {
            dependencies.compactMap { reference in
                guard let fields = reference.product, fields.count >= 2, let name = fields[0].string,
                      let package = fields[1].string else { return nil }
                return (name, package)
            }
        }
    }

    var dependencies: [Dependency]
    var targets: [Target]
}
