import Foundation
import Updraft

// Engine benchmark: builds and runs no-op DAGs of three shapes and sizes, one configuration per child process so
// that peak memory (VmHWM) belongs to that configuration alone.
//
//   swift run -c release UpdraftBenchmark            all shapes, N = 100 … 100,000
//   swift run -c release UpdraftBenchmark chain 1000  one configuration (what each child process runs)

let arguments = CommandLine.arguments
if arguments.count == 3, let shape = Shape(rawValue: arguments[1]), let size = Int(arguments[2]) {
    let report = try await measure(shape: shape, size: size)
    print(report.line)
} else {
    print(BenchmarkReport.header)
    fflush(nil)  // flush all streams: the children share our terminal, and the header goes first
    for shape in Shape.allCases {
        for size in [100, 1_000, 10_000, 100_000] {
            let child = Process()
            child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
            child.arguments = [shape.rawValue, String(size)]
            try child.run()
            child.waitUntilExit()
        }
    }
}
