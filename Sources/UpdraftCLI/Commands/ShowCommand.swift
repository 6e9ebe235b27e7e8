import ArgumentParser
import Updraft
import UpdraftDrawing

/// `show`: prints the graph as text, Graphviz DOT or Mermaid.
struct ShowCommand<Executable: DAGExecutable>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "show", abstract: "Print the graph of a DAG.")
    }

    @OptionGroup var selection: DAGSelection

    @Option(help: ArgumentHelp("text, dot (Graphviz) or mermaid.", valueName: "format"),
            transform: GraphFormat.parse)
    var format: GraphFormat = .text

    func validate() throws {
        _ = try selection.dags(from: try Executable.makeDAGs())
    }

    func run() throws {
        let dags = try selection.dags(from: try Executable.makeDAGs())
        print(dags.map { format.render(DAGGraph($0)) }.joined(separator: "\n"), terminator: "")
    }
}

extension GraphFormat {
    /// The format named `argument`.
    /// - Throws: `ValidationError` naming the formats when there is no such format.
    static func parse(_ argument: String) throws -> GraphFormat {
        guard let format = GraphFormat(rawValue: argument) else {
            throw ValidationError("unknown format '\(argument)'; formats: "
                                  + GraphFormat.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return format
    }
}
