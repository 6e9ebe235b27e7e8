import Foundation
import ProcessTestSupport

/// What a screenshot shows, measured by a small Pillow script: whether anything was drawn, and the solid regions
/// of given colours (a graph box or a Gantt bar is one such region, whatever text is drawn over it).
struct ScreenshotAnalysis: Decodable {
    /// A connected area of pixels close to one colour, by its bounding box.
    struct Region: Decodable {
        var width: Int
        var height: Int
        var pixels: Int
    }

    var width: Int
    var height: Int
    /// How many distinct colours the image has (a blank page has one).
    var distinctColours: Int
    /// Pixels that are not (nearly) white.
    var inkedPixels: Int
    /// The regions of each colour asked for, keyed by the colour as given (`#2e9e44`).
    var regions: [String: [Region]]

    /// The regions of `colour` whose bounding box fits the sizes given.
    func regions(of colour: String, width: ClosedRange<Int> = 1...Int.max, height: ClosedRange<Int>) -> [Region] {
        (regions[colour] ?? []).filter { width.contains($0.width) && height.contains($0.height) }
    }

    /// Analyses the PNG `file`, finding the regions of `colours` (CSS hex, `#rrggbb`).
    static func analyse(_ file: URL, colours: [String]) async throws -> ScreenshotAnalysis {
        let exit = try await ChildProcess.run("python3", ["-c", script, file.path] + colours, timeout: .seconds(60))
        guard exit.status == 0 else {
            throw BrowserCheckError(
                description: "the screenshot analysis failed (\(exit.status)): \(exit.stderr)")
        }
        return try JSONDecoder().decode(ScreenshotAnalysis.self, from: Data(exit.stdout.utf8))
    }

    /// Pixels within `tolerance` of a colour on every channel belong to it (edges are anti-aliased). Each colour's
    /// mask is read as runs of pixels per row, and runs touching across rows are joined (union-find) into regions,
    /// so the work grows with the runs, not the pixels; specks under 4 pixels are dropped.
    private static let script = """
        import json, re, sys
        from PIL import Image, ImageChops

        image = Image.open(sys.argv[1]).convert('RGB')
        width, height = image.size
        tolerance = 10
        histogram = image.getcolors(width * height)

        def regions_of(name):
            target = tuple(int(name[i:i + 2], 16) for i in (1, 3, 5))
            red, green, blue = ImageChops.difference(image, Image.new('RGB', image.size, target)).split()
            farthest = ImageChops.lighter(ImageChops.lighter(red, green), blue)
            mask = farthest.point(lambda value: 255 if value <= tolerance else 0).tobytes()
            parent, boxes, previous = [], [], []

            def root(index):
                while parent[index] != index:
                    parent[index] = parent[parent[index]]
                    index = parent[index]
                return index

            for y in range(height):
                current = []
                for match in re.finditer(b'\\xff+', mask[y * width:(y + 1) * width]):
                    start, end = match.span()
                    index = len(parent)
                    parent.append(index)
                    boxes.append([start, end - 1, y, y, end - start])
                    for above_start, above_end, above in previous:
                        if above_start < end and start < above_end:
                            parent[root(above)] = root(index)
                    current.append((start, end, index))
                previous = current
            merged = {}
            for index, (left, right, top, bottom, pixels) in enumerate(boxes):
                box = merged.setdefault(root(index), [left, right, top, bottom, 0])
                box[0], box[1] = min(box[0], left), max(box[1], right)
                box[2], box[3] = min(box[2], top), max(box[3], bottom)
                box[4] += pixels
            found = [{'width': right - left + 1, 'height': bottom - top + 1, 'pixels': pixels}
                     for left, right, top, bottom, pixels in merged.values() if pixels >= 4]
            return sorted(found, key=lambda region: -region['pixels'])

        inked = sum(count for count, colour in histogram if min(colour) < 240)
        print(json.dumps({'width': width, 'height': height, 'distinctColours': len(histogram), 'inkedPixels': inked,
                          'regions': {name: regions_of(name) for name in sys.argv[2:]}}))
        """
}
