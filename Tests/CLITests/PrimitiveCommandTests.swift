import ArtifactStore
import CanonicalJSON
import Evaluation
import Foundation
import Imaging
import TestSupport
import Testing

/// End-to-end tests of the scriptable primitives (`msdb image …`, `metrics`, `kde`) through the
/// built binary: each JSON answer must equal what the library computes on the same file and what
/// scikit-image, OpenCV, scipy or scikit-learn computed (Fixtures/expected.json).
@Suite struct PrimitiveCommandTests {
    typealias F = PrimitiveFixtures

    // MARK: Thresholds

    @Test(
        "otsu matches scikit-image on 8- and 16-bit images", arguments: ["blobs_u8.png", "network_u16.tif"])
    func otsuMatchesScikitImage(name: String) throws {
        let directory = try TemporaryDirectory()
        let out = directory.path("out.tif")
        let answer = try F.json(["image", "otsu", try F.path(name), "--out", out, "--json"])
        #expect(F.keys(answer) == ["foreground", "threshold"])
        let reference = try #require(try F.expected()["otsu"]?[String(name.prefix { $0 != "." })])
        #expect(answer["threshold"] == reference["threshold"])
        #expect(answer["foreground"] == reference["foreground"])
        let (mask, threshold) = try Otsu.foreground(ImageFile.read(path: F.path(name)))
        #expect(try F.number(answer, "threshold") == threshold)
        #expect(try ImageFile.readMask(path: out) == mask)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: out))
        #expect(ImageFile.format(of: [UInt8](bytes.prefix(8))) == .tiff, "the extension chooses the format")
    }

    @Test func aCommandThatOpensNoDatabaseIgnoresDbWhereverItStands() throws {
        let directory = try TemporaryDirectory()
        let database = directory.path("never.sqlite")
        let image = try F.path("blobs_u8.png")
        let plain = try MSDBProcess.run(["image", "otsu", image, "--json"])
        for arguments in [
            ["--db", database, "image", "otsu", image, "--json"],
            ["--db=\(database)", "image", "otsu", image, "--json"],
            ["image", "otsu", image, "--db", database, "--json"],
        ] {
            let outcome = try MSDBProcess.run(arguments)
            #expect(outcome.status == 0, "\(arguments): \(outcome.stderr)")
            #expect(outcome.stdout == plain.stdout, "\(arguments)")
        }
        #expect(!FileManager.default.fileExists(atPath: database), "no database is created")
        // Any other mistake is still the one reported.
        let missing = try MSDBProcess.run(["--db", database, "image", "otsu"])
        #expect(missing.status == 64)
        #expect(missing.stderr == "error: missing expected argument '<image>' (see 'msdb --help')\n")
    }

    @Test func otsuWritesScikitImagesMaskAndPrintsOneLineForPeople() throws {
        let directory = try TemporaryDirectory()
        let out = directory.path("out.png")
        let outcome = try MSDBProcess.run(["image", "otsu", try F.path("blobs_u8.png"), "--out", out])
        #expect(outcome.status == 0)
        #expect(
            outcome.stdout
                == "otsu threshold 91 (8-bit scale): 4677 of 9216 pixels foreground; wrote \(out)\n")
        #expect(try ImageFile.readMask(path: out) == F.mask("blobs_u8_otsu.png"))
        let stored = try ImageFile.read(path: out)
        #expect(stored.bitDepth == .eight && Set(stored.samples) == [0, 255], "masks are written 0/255")
    }

    @Test func adaptiveThresholdCountsMatchOpenCV() throws {
        let image = try F.path("blobs_u8.png")
        let cases = try #require(try F.expected()["agt"]?.arrayValue)
        #expect(cases.count == 12)
        for reference in cases {
            let block = try #require(reference["block"]?.integerValue)
            let offset = try F.number(reference, "offset")
            let answer = try F.json([
                "image", "agt", image, "--block", "\(block)", "--offset", CommandLineNumber(offset).text,
                "--json",
            ])
            #expect(F.keys(answer) == ["foreground"])
            #expect(answer["foreground"] == reference["foreground"], "block \(block), offset \(offset)")
            let library = try AdaptiveThreshold(blockSize: Int(block), offset: offset)
                .foreground(ImageFile.read(path: image))
            #expect(answer["foreground"]?.integerValue == Int64(library.foregroundCount))
        }
    }

    @Test func adaptiveThresholdWritesOpenCVsMask() throws {
        let directory = try TemporaryDirectory()
        let out = directory.path("out.png")
        _ = try F.json([
            "image", "agt", try F.path("blobs_u8.png"), "--block", "11", "--offset", "2", "--out", out,
            "--json",
        ])
        #expect(try ImageFile.readMask(path: out) == F.mask("blobs_u8_agt_b11_c2.png"))
    }

    // MARK: Morphology

    @Test(
        "dilate, erode and skeleton give scikit-image's masks pixel for pixel",
        arguments: ["dilate", "erode", "skeleton"])
    func morphologyMatchesScikitImage(step: String) throws {
        let directory = try TemporaryDirectory()
        let out = directory.path("out.png")
        let input = try F.path("network_mask.png")
        let answer = try F.json(["image", step, input, "--out", out, "--json"])
        #expect(F.keys(answer) == ["foreground"])
        let reference = try F.mask("network_\(step).png")
        #expect(try ImageFile.readMask(path: out) == reference)
        #expect(answer["foreground"]?.integerValue == Int64(reference.foregroundCount))
        let expected = try F.expected()
        let referenceCount =
            step == "skeleton" ? expected["skeleton_foreground"] : expected["morphology_foreground"]?[step]
        #expect(answer["foreground"] == referenceCount)
        let mask = try ImageFile.readMask(path: input)
        let library =
            step == "dilate" ? mask.dilated() : step == "erode" ? mask.eroded() : mask.skeletonized()
        #expect(answer["foreground"]?.integerValue == Int64(library.foregroundCount))
    }

    @Test func masksStoredAsZeroOneOr16BitZeroMaxGiveTheSameResult() throws {
        let directory = try TemporaryDirectory()
        let mask = try F.mask("network_mask.png")
        let zeroOne = directory.path("zero_one.png")
        try ImageFile.write(Image(width: mask.width, height: mask.height, gray8: mask.pixels), path: zeroOne)
        let sixteen = directory.path("sixteen.tif")
        try ImageFile.write(
            Image(
                width: mask.width, height: mask.height, channels: 1, bitDepth: .sixteen,
                samples: mask.pixels.map { $0 == 0 ? 0 : 65535 }),
            path: sixteen)
        let reference = try F.mask("network_dilate.png")
        for input in [zeroOne, sixteen] {
            let out = directory.path("out.png")
            let answer = try F.json(["image", "dilate", input, "--out", out, "--json"])
            #expect(answer["foreground"]?.integerValue == Int64(reference.foregroundCount))
            #expect(try ImageFile.readMask(path: out) == reference)
        }
    }

    // MARK: Metrics

    @Test func binaryMetricsMatchScikitLearnAndTheLibrary() throws {
        let (pred, gt, score) = (
            try F.path("pooled_prediction.png"), try F.path("pooled_truth.png"),
            try F.path("pooled_scores.tif")
        )
        let answer = try F.json(["metrics", "--pred", pred, "--gt", gt, "--score", score, "--json"])
        #expect(F.keys(answer) == ["accuracy", "auc", "dice", "fn", "fp", "iou", "tn", "tp"])
        let reference = try #require(try F.expected()["binary"])
        for key in ["tp", "fp", "fn", "tn"] {
            #expect(answer[key] == reference[key], "\(key)")
        }
        for key in ["dice", "iou", "accuracy", "auc"] {
            #expect(abs(try F.number(answer, key) - F.number(reference, key)) < 1e-12, "\(key)")
        }
        let truth = try LabelMap(binaryTruth: ImageFile.read(path: gt))
        let counts = try BinaryConfusion(
            prediction: ImageFile.readMask(path: pred).pixels, truth: truth.labels)
        #expect(try F.number(answer, "dice") == counts.dice)
        #expect(try F.number(answer, "iou") == counts.iou)
        #expect(try F.number(answer, "accuracy") == counts.accuracy)
        let auc = try ROCAUC.score(scores: ImageFile.read(path: score).plane().values, truth: truth.labels)
        #expect(try F.number(answer, "auc") == auc)

        let withoutScore = try F.json(["metrics", "--pred", pred, "--gt", gt, "--json"])
        #expect(F.keys(withoutScore) == ["accuracy", "dice", "fn", "fp", "iou", "tn", "tp"])
        #expect(withoutScore["dice"] == answer["dice"])
    }

    @Test func aZeroTo255TruthIsScoredAsAMaskWithNothingIgnored() throws {
        let directory = try TemporaryDirectory()
        let gt = try F.path("blobs_u8_otsu.png")
        let pred = directory.path("pred.png")
        try ImageFile.write(mask: F.mask("blobs_u8_agt_b11_c2.png"), path: pred)
        let answer = try F.json(["metrics", "--pred", pred, "--gt", gt, "--json"])
        let counts = try BinaryConfusion(
            prediction: ImageFile.readMask(path: pred).pixels, truth: F.mask("blobs_u8_otsu.png").pixels)
        #expect(answer["tp"]?.integerValue == Int64(counts.truePositives))
        #expect(answer["tn"]?.integerValue == Int64(counts.trueNegatives))
        let total = try ["tp", "fp", "fn", "tn"].map { try F.number(answer, $0) }.reduce(0, +)
        #expect(total == 96 * 96)
    }

    @Test func multiClassMetricsMatchScikitLearn() throws {
        let pred = try F.path("classes_prediction.png")
        let gt = try F.path("classes_truth.png")
        let answer = try F.json(["metrics", "--pred", pred, "--gt", gt, "--classes", "6", "--json"])
        #expect(F.keys(answer) == ["accuracy", "confusion", "miou", "per_class_iou"])
        let reference = try #require(try F.expected()["multiclass"])
        let rows = try #require(answer["confusion"]?.arrayValue)
        #expect(rows.count == 6)
        #expect(JSONValue.array(rows.flatMap { $0.arrayValue ?? [] }) == reference["confusion"])
        let perClass = try #require(answer["per_class_iou"]?.arrayValue)
        let referencePerClass = try #require(reference["per_class_iou"]?.arrayValue)
        #expect(perClass.count == referencePerClass.count)
        for (value, expected) in zip(perClass, referencePerClass) {
            if expected == .null {
                #expect(value == .null)
            } else {
                #expect(abs((value.doubleValue ?? -1) - (expected.doubleValue ?? 2)) < 1e-12)
            }
        }
        #expect(abs(try F.number(answer, "miou") - F.number(reference, "miou")) < 1e-12)
        #expect(abs(try F.number(answer, "accuracy") - F.number(reference, "accuracy")) < 1e-12)
        let matrix = try ConfusionMatrix(
            classes: 6, prediction: ImageFile.readLabels(path: pred).labels,
            truth: ImageFile.readLabels(path: gt).labels)
        #expect(try F.number(answer, "miou") == matrix.meanIoU)
    }

    // MARK: KDE

    @Test func kdeMatchesScipyAndIsStoredWithItsLineage() throws {
        let directory = try TemporaryDirectory()
        let db = directory.path("db.sqlite")
        let out = directory.path("out.png")
        let input = try F.path("network_crop_mask.png")
        let arguments = ["--db", db, "kde", input, "--bandwidth", "3", "--out", out, "--json"]
        let answer = try F.json(arguments)
        #expect(F.keys(answer) == ["id", "max", "run", "sum"])
        let reference = try #require(
            try F.expected()["kde"]?["values"]?.arrayValue?.compactMap(\.doubleValue))
        #expect(reference.count == 48 * 48)
        #expect(abs(try F.number(answer, "sum") - 1) < 1e-12)
        #expect(abs(try F.number(answer, "max") - (reference.max() ?? 0)) < 1e-12)

        let store = try Store(path: db)
        let id = try #require(answer["id"]?.stringValue.flatMap(ContentID.init(hex:)))
        let blob = try store.get(id)
        #expect(blob.kind == .kde)
        let stored = try KDEMap.decode(canonicalBytes: [UInt8](blob.bytes))
        #expect(stored.bandwidth == 3)
        #expect(zip(stored.density.values, reference).allSatisfy { abs($0 - $1) < 1e-12 }, "scipy's density")
        let mask = try ImageFile.readMask(path: input)
        #expect(stored.density == (try KDEMap.density(of: mask, bandwidth: 3)), "the library's density")
        #expect(try ImageFile.read(path: out) == Image(quantizing: stored.density), "a 16-bit picture of it")

        let runID = try #require(answer["run"]?.stringValue.flatMap(ContentID.init(hex:)))
        let run = try #require(try store.run(runID))
        #expect(run.kind == "kde")
        #expect(run.params == ["bandwidth": .number(3)])
        #expect(run.outputs == ["kde": id])
        let label = try #require(run.inputs["mask"])
        #expect(try store.get(label).kind == .label)
        #expect(try LabelMap(canonicalBytes: [UInt8](store.get(label).bytes)) == LabelMap(mask: mask))

        let again = try F.json(arguments)
        #expect(again == answer, "same mask and bandwidth: same run, same artifact")
        #expect(try store.runs().count == 1)
        let forced = try F.json(arguments + ["--force"])
        #expect(forced["id"] == answer["id"], "recomputing gives the same bytes")
        let other = try F.json(["--db", db, "kde", input, "--bandwidth", "2", "--out", out, "--json"])
        #expect(other["id"] != answer["id"] && other["run"] != answer["run"])
    }
}

/// A number as a command-line argument: integers without a fraction (`2`, `-3`), others as Swift
/// prints them (`2.5`).
struct CommandLineNumber {
    let text: String

    init(_ value: Double) {
        text = value.rounded() == value ? String(Int(value)) : String(value)
    }
}
