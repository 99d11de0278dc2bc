import Foundation
import Imaging
import TestSupport
import Testing

/// One refused invocation: its arguments and the fragments its single `error:` line must hold.
/// In both, `$/` stands for the test's scratch directory and a leading `@` for a fixture's path.
struct BadInvocation: Sendable, CustomTestStringConvertible {
    let testDescription: String
    let arguments: [String]
    let fragments: [String]

    init(_ description: String, _ arguments: [String], mentioning fragments: [String]) {
        testDescription = description
        self.arguments = arguments
        self.fragments = fragments
    }

    static let all: [BadInvocation] = [
        BadInvocation(
            "a truncated png", ["image", "otsu", "$/truncated.png", "--out", "$/out.png"],
            mentioning: ["'$/truncated.png' is truncated or corrupt"]),
        BadInvocation(
            "a truncated tiff",
            ["image", "agt", "$/truncated.tif", "--block", "5", "--offset", "0", "--out", "$/out.png"],
            mentioning: ["'$/truncated.tif' is truncated or corrupt"]),
        BadInvocation(
            "a png with damaged data", ["metrics", "--pred", "$/flipped.png", "--gt", "@blobs_u8_otsu.png"],
            mentioning: ["'$/flipped.png' is truncated or corrupt"]),
        BadInvocation(
            "a tiff with garbage after its signature",
            ["image", "otsu", "$/garbage.tif", "--out", "$/out.tif"],
            mentioning: ["'$/garbage.tif' is truncated or corrupt"]),
        BadInvocation(
            "a text file", ["image", "dilate", "$/notes.png", "--out", "$/out.png"],
            mentioning: ["'$/notes.png' is not a png, tiff or jpeg image"]),
        BadInvocation(
            "a missing file", ["image", "erode", "$/absent.png", "--out", "$/out.png"],
            mentioning: ["'$/absent.png'"]),
        BadInvocation(
            "a png header claiming 60000x60000 pixels",
            ["image", "otsu", "$/huge.png", "--out", "$/out.png"],
            mentioning: ["'$/huge.png' claims 60000x60000 pixels"]),
        BadInvocation(
            "a tiff header claiming 70000x70000 pixels",
            ["--db", "$/db.sqlite", "kde", "$/huge.tif", "--bandwidth", "2", "--out", "$/out.png"],
            mentioning: ["'$/huge.tif' claims 70000x70000 pixels"]),
        BadInvocation(
            "a prediction of another size than the truth",
            ["metrics", "--pred", "@blobs_u8_otsu.png", "--gt", "@pooled_truth.png"],
            mentioning: ["'@blobs_u8_otsu.png' is 96x96 but '@pooled_truth.png' is 133x64"]),
        BadInvocation(
            "a score image of another size than the truth",
            [
                "metrics", "--pred", "@pooled_prediction.png", "--gt", "@pooled_truth.png", "--score",
                "@blobs_u8.png",
            ],
            mentioning: ["'@blobs_u8.png' is 96x96 but '@pooled_truth.png' is 133x64"]),
        BadInvocation(
            "a label map of another size than the truth",
            ["metrics", "--pred", "@pooled_prediction.png", "--gt", "@classes_truth.png", "--classes", "6"],
            mentioning: ["'@pooled_prediction.png' is 133x64 but '@classes_truth.png' is 56x56"]),
        BadInvocation(
            "a gray picture as the prediction",
            ["metrics", "--pred", "@blobs_u8.png", "--gt", "@blobs_u8_otsu.png"],
            mentioning: ["'@blobs_u8.png': not a binary mask"]),
        BadInvocation(
            "a gray picture as the ground truth",
            ["metrics", "--pred", "@blobs_u8_otsu.png", "--gt", "@blobs_u8.png"],
            mentioning: ["'@blobs_u8.png': not a binary ground truth"]),
        BadInvocation(
            "a gray picture to skeletonise", ["image", "skeleton", "@blobs_u8.png", "--out", "$/out.png"],
            mentioning: ["'@blobs_u8.png': not a binary mask"]),
        BadInvocation(
            "a gray picture as the kde mask",
            ["--db", "$/db.sqlite", "kde", "@blobs_u8.png", "--bandwidth", "2", "--out", "$/out.png"],
            mentioning: ["'@blobs_u8.png': not a binary mask"]),
        BadInvocation(
            "an empty kde mask",
            ["--db", "$/db.sqlite", "kde", "$/empty.png", "--bandwidth", "2", "--out", "$/out.png"],
            mentioning: ["'$/empty.png' has no foreground pixels"]),
        BadInvocation(
            "a zero bandwidth",
            [
                "--db", "$/db.sqlite", "kde", "@network_crop_mask.png", "--bandwidth", "0", "--out",
                "$/out.png",
            ],
            mentioning: ["--bandwidth must be a finite number > 0"]),
        BadInvocation(
            "a negative bandwidth",
            [
                "--db", "$/db.sqlite", "kde", "@network_crop_mask.png", "--bandwidth", "-1", "--out",
                "$/out.png",
            ],
            mentioning: ["--bandwidth must be a finite number > 0, got -1"]),
        BadInvocation(
            "an even block size",
            ["image", "agt", "@blobs_u8.png", "--block", "4", "--offset", "2", "--out", "$/out.png"],
            mentioning: ["--block must be odd and at least 3, got 4"]),
        BadInvocation(
            "a block size below 3",
            ["image", "agt", "@blobs_u8.png", "--block", "1", "--offset", "2", "--out", "$/out.png"],
            mentioning: ["--block must be odd and at least 3, got 1"]),
        BadInvocation(
            "a 16-bit image for the adaptive threshold",
            ["image", "agt", "@network_u16.tif", "--block", "11", "--offset", "2", "--out", "$/out.png"],
            mentioning: ["'@network_u16.tif'", "needs an 8-bit image"]),
        BadInvocation(
            "an output extension msdb cannot write",
            ["image", "otsu", "@blobs_u8.png", "--out", "$/out.jpg"],
            mentioning: ["--out '$/out.jpg' must end in .png, .tif or .tiff"]),
        BadInvocation(
            "an output in a directory that does not exist",
            [
                "--db", "$/db.sqlite", "kde", "@network_crop_mask.png", "--bandwidth", "2", "--out",
                "$/absent/out.png",
            ],
            mentioning: ["--out '$/absent/out.png': directory '$/absent' does not exist"]),
        BadInvocation(
            "labels beyond --classes",
            ["metrics", "--pred", "@classes_prediction.png", "--gt", "@classes_truth.png", "--classes", "3"],
            mentioning: ["classes_", "outside 0..<3"]),
    ]
}

extension PrimitiveCommandTests {
    /// Writes the damaged inputs the bad invocations read.
    private func writeBadFiles(in directory: TemporaryDirectory) throws {
        try BadFiles.truncated("blobs_u8.png", to: directory.path("truncated.png"))
        try BadFiles.truncated("network_u16.tif", to: directory.path("truncated.tif"))
        try BadFiles.flipped("blobs_u8.png", to: directory.path("flipped.png"))
        try BadFiles.garbageTIFF(to: directory.path("garbage.tif"))
        try BadFiles.text(to: directory.path("notes.png"))
        try BadFiles.hugePNG(side: 60000, to: directory.path("huge.png"))
        try BadFiles.hugeTIFF(side: 70000, to: directory.path("huge.tif"))
        try ImageFile.write(mask: Mask(width: 8, height: 8), path: directory.path("empty.png"))
    }

    @Test(
        "bad input gives one error line naming the problem and writes nothing", arguments: BadInvocation.all)
    func badInputIsRefused(_ bad: BadInvocation) throws {
        let directory = try TemporaryDirectory()
        try writeBadFiles(in: directory)
        func resolve(_ text: String) throws -> String {
            if text.hasPrefix("@") { return try PrimitiveFixtures.path(String(text.dropFirst())) }
            return text.replacingOccurrences(of: "$/", with: directory.url.path + "/")
        }
        func resolveFragment(_ text: String) throws -> String {
            var result = text.replacingOccurrences(of: "$/", with: directory.url.path + "/")
            while let range = result.range(of: #"'@[^']+'"#, options: .regularExpression) {
                let name = String(result[range].dropFirst(2).dropLast())
                result.replaceSubrange(range, with: "'\(try PrimitiveFixtures.path(name))'")
            }
            return result
        }
        let before = try FileManager.default.contentsOfDirectory(atPath: directory.url.path).sorted()
        let outcome = try MSDBProcess.run(try bad.arguments.map(resolve))
        try expectOneErrorLine(outcome, mentioning: try bad.fragments.map(resolveFragment))
        let after = try FileManager.default.contentsOfDirectory(atPath: directory.url.path).sorted()
        #expect(after == before, "nothing written, not even the database")
    }
}
