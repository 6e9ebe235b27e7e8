import BenchmarkShapes
import Foundation
import Updraft

// Engine benchmark: builds and runs no-op DAGs of three shapes and sizes, made of `EmptyOperator` tasks (which
// start on the engine's thread) or of no-op closure tasks (handed to the pool like any operator), one
// configuration per child process so that peak memory (VmHWM) belongs to that configuration alone.
//
//   swift run -c release UpdraftBenchmark                  every configuration, N = 100 … 100,000
//   swift run -c release UpdraftBenchmark chain 1000       one configuration of EmptyOperator tasks
//   swift run -c release UpdraftBenchmark chain 1000 closure
//   swift run -c release UpdraftBenchmark consecutive 10000   one engine, 10,000 small runs in a row: RSS
//   swift run -c release UpdraftBenchmark consecutive 10000 keep-all   the same with a store keeping every run

let arguments = CommandLine.arguments
if (3...4).contains(arguments.count), arguments[1] == "consecutive", let count = Int(arguments[2]), count > 0,
    arguments.count == 3 || arguments[3] == "keep-all"
{
    try await measureConsecutiveRuns(count, keepingEveryRun: arguments.count == 4)
} else if (3...4).contains(arguments.count), let shape = Shape(rawValue: arguments[1]), let size = Int(arguments[2]),
    let kind = arguments.count == 4 ? TaskKind(arguments[3]) : .empty
{
    let report = try await measure(shape: shape, size: size, tasks: kind)
    print(report.line)
} else {
    print(BenchmarkReport.header)
    fflush(nil)  // flush all streams: the children share our terminal, and the header goes first
    for kind in TaskKind.engineKinds {
        for shape in Shape.allCases {
            for size in [100, 1_000, 10_000, 100_000] {
                let child = Process()
                child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
                child.arguments = [shape.rawValue, String(size), kind.description]
                try child.run()
                child.waitUntilExit()
            }
        }
    }
}
