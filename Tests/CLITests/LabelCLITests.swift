import ArtifactStore
import CanonicalJSON
import Foundation
import Imaging
import TestSupport
import Testing

/// End-to-end: `msdb label …` and `msdb ntm`, run as a user runs them.
@Suite struct LabelCLITests {
    /// A 40x30 mask: a filled rectangle and a diagonal line; 0/1 values.
    static func maskPixels() -> [UInt8] {
        var pixels = [UInt8](repeating: 0, count: 40 * 30)
        for y in 0..<30 {
            for x in 0..<40 where (x >= 5 && x < 18 && y >= 4 && y < 20) || x == y + 9 {
                pixels[y * 40 + x] = 1
            }
        }
        return pixels
    }

    static let foreground = maskPixels().reduce(0) { $0 + Int($1) }

    /// Writes the mask as a 0/255 PNG (the official convention) and returns its path.
    static func writeMask(in directory: TemporaryDirectory, name: String = "mask.png", scale: UInt8 = 255)
        throws -> String
    {
        let path = directory.path(name)
        try ImageFile.write(Image(width: 40, height: 30, gray8: maskPixels().map { $0 * scale }), path: path)
        return path
    }

    static func runCount(_ database: String) throws -> Int {
        guard FileManager.default.fileExists(atPath: database) else { return 0 }
        return try StoreFixtures.fetchInt(path: database, sql: "SELECT COUNT(*) FROM runs") ?? 0
    }

    @Test func theSameInputsGiveTheSameIDAndBytesAndTheSecondRunIsCached() throws {
        let directory = try TemporaryDirectory()
        let database = directory.path("db.sqlite")
        let mask = try Self.writeMask(in: directory)
        let arguments = ["--db", database, "label", "rs", mask, "--p", "0.1", "--seed", "3", "--json"]
        let first = try MSDBProcess.run(arguments + ["--out", directory.path("a.png")])
        let second = try MSDBProcess.run(arguments + ["--out", directory.path("b.png")])
        #expect(first.status == 0, "\(first.stderr)")
        let one = try JSONParser.parse(first.stdout)
        let two = try JSONParser.parse(second.stdout)
        #expect(one["id"] == two["id"])
        #expect(one["cached"] == false && two["cached"] == true)
        // RS keeps ⌈0.1·N⌉ foreground pixels.
        #expect(one["foreground"] == .integer(Int64((Self.foreground + 9) / 10)))
        #expect(
            try Data(contentsOf: URL(fileURLWithPath: directory.path("a.png")))
                == Data(contentsOf: URL(fileURLWithPath: directory.path("b.png"))))

        // A fresh database, and the mask saved as 0/1 instead of 0/255: the same label id.
        let ones = try Self.writeMask(in: directory, name: "ones.png", scale: 1)
        let fresh = try MSDBProcess.run(
            ["--db", directory.path("other.sqlite"), "label", "rs", ones, "--p", "0.1", "--seed", "3"])
        #expect(fresh.stdout.trimmingCharacters(in: .newlines) == one["id"]?.stringValue)

        // A 16-bit 0/65535 TIFF of the same mask: the same label id too.
        let tiff = directory.path("mask16.tif")
        try ImageFile.write(
            Image(
                width: 40, height: 30, channels: 1, bitDepth: .sixteen,
                samples: Self.maskPixels().map { $0 == 0 ? 0 : UInt16.max }),
            path: tiff)
        let fromTIFF = try MSDBProcess.run(
            ["--db", database, "label", "rs", tiff, "--p", "0.1", "--seed", "3", "--json"])
        #expect(try JSONParser.parse(fromTIFF.stdout)["id"] == one["id"])

        let forced = try JSONParser.parse(try MSDBProcess.run(arguments + ["--force"]).stdout)
        #expect(forced["cached"] == false && forced["id"] == one["id"])

        // Seeds are non-negative everywhere (one check, where a seed enters): refused, nothing stored.
        let runsBefore = try StoreFixtures.fetchInt(path: database, sql: "SELECT count(*) FROM runs")
        let negative = try MSDBProcess.run([
            "--db", database, "label", "rs", mask, "--p", "0.1", "--seed", "-3",
        ])
        #expect(negative.status != 0)
        #expect(
            negative.stderr == "error: the value '-3' is invalid for '--seed <seed>' (see 'msdb --help')\n")
        #expect(try StoreFixtures.fetchInt(path: database, sql: "SELECT count(*) FROM runs") == runsBefore)

        let reseeded = try MSDBProcess.run([
            "--db", database, "label", "rs", mask, "--p", "0.1", "--seed", "4",
        ])
        #expect(reseeded.status == 0)
        #expect(reseeded.stdout.trimmingCharacters(in: .newlines) != one["id"]?.stringValue)
    }

    @Test(arguments: [
        ["rs", "--p", "0.5", "--variant", "background"], ["rf", "--p", "0.2"], ["rl", "--p", "0.3"],
        ["dilate"],
        ["erode"], ["skeleton"], ["pcl", "--steps", "dilate,erode,skeleton"],
    ])
    func everyGeneratorPrintsALabelIDAndRecordsItsRun(arguments: [String]) throws {
        let directory = try TemporaryDirectory()
        let database = directory.path("db.sqlite")
        let mask = try Self.writeMask(in: directory)
        let out = directory.path("noisy.png")
        let outcome = try MSDBProcess.run(
            ["--db", database, "label", arguments[0], mask] + arguments.dropFirst() + [
                "--out", out, "--json",
            ])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let json = try JSONParser.parse(outcome.stdout)
        let id = try #require(json["id"]?.stringValue.flatMap { ContentID(hex: $0) })
        let store = try Store(path: database)
        let stored = try LabelMap(canonicalBytes: [UInt8](try store.get(id).bytes))
        #expect(json["foreground"] == .integer(Int64(stored.labels.filter { $0 == 1 }.count)))
        #expect(try Self.runCount(database) == 1)
        // A binary label is written as 0/255.
        let written = try ImageFile.readLabels(path: out)
        #expect(written.labels == stored.labels.map { $0 == 1 ? 255 : 0 })
    }

    @Test func binaryGeneratorsReadAMaskOfAnyOneForegroundLevel() throws {
        let directory = try TemporaryDirectory()
        let database = directory.path("db.sqlite")
        let standard = try Self.writeMask(in: directory)
        let level = try Self.writeMask(in: directory, name: "mask128.png", scale: 128)
        for arguments in [["dilate"], ["rf", "--p", "0.2"]] {
            let ids = try [standard, level].map { path in
                try MSDBProcess.run(["--db", database, "label", arguments[0], path] + arguments.dropFirst())
                    .stdout
            }
            #expect(ids[0] == ids[1] && ids[0].count == 65, "\(arguments): \(ids)")
        }
    }

    @Test func aSampledLabelWithIgnoredPixelsIsWrittenWithItsValues() throws {
        let directory = try TemporaryDirectory()
        let mask = try Self.writeMask(in: directory)
        let out = directory.path("rs.png")
        let outcome = try MSDBProcess.run(
            ["--db", directory.path("db.sqlite"), "label", "rs", mask, "--p", "0.3", "--out", out])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let written = try ImageFile.readLabels(path: out)
        #expect(Set(written.labels) == [0, 1, 255])
        #expect(written.labels.filter { $0 == 1 }.count == Int((0.3 * Double(Self.foreground)).rounded(.up)))
    }

    @Test func badInputsGetOneErrorLineAndLeaveNothingBehind() throws {
        let directory = try TemporaryDirectory()
        let database = directory.path("db.sqlite")
        let mask = try Self.writeMask(in: directory)
        let png = try ImageFile.pngData(Image(width: 40, height: 30, gray8: Self.maskPixels()))
        let truncated = directory.path("truncated.png")
        try Data(png.prefix(png.count / 2)).write(to: URL(fileURLWithPath: truncated))
        let text = directory.path("notes.png")
        try Data("not an image\n".utf8).write(to: URL(fileURLWithPath: text))
        let threeValued = directory.path("three.png")
        try ImageFile.write(
            Image(width: 40, height: 30, gray8: Self.maskPixels().enumerated().map { $0 == 7 ? 2 : $1 }),
            path: threeValued)
        let cases: [([String], String)] = [
            (["rs", truncated, "--p", "0.1"], truncated),
            (["rs", text, "--p", "0.1"], text),
            (["rs", directory.path("missing.png"), "--p", "0.1"], directory.path("missing.png")),
            (["rs", mask, "--p", "1.5"], "--p"),
            (["rl", mask, "--p", "-0.2"], "--p must be a probability in [0, 1], got -0.2"),
            (["rf", mask, "--p", "nan"], "--p must be a probability in [0, 1], got nan"),
            (["rf", threeValued, "--p", "0.1"], threeValued),
            (["dilate", threeValued], threeValued),
            (["skeleton", mask, "--out", directory.path("out.jpg")], directory.path("out.jpg")),
        ]
        for (arguments, named) in cases {
            let out = directory.path("never.png")
            let outcome = try MSDBProcess.run(
                ["--db", database, "label", arguments[0]] + arguments.dropFirst()
                    + (arguments.contains("--out") ? [] : ["--out", out]))
            #expect(outcome.status != 0, "\(arguments)")
            #expect(outcome.stderr.hasPrefix("error: "), "\(arguments): \(outcome.stderr)")
            #expect(outcome.stderr.split(separator: "\n").count == 1, "\(arguments): \(outcome.stderr)")
            #expect(outcome.stderr.contains(named), "\(arguments): \(outcome.stderr)")
            #expect(outcome.stdout.isEmpty)
            #expect(!FileManager.default.fileExists(atPath: out))
            #expect(!FileManager.default.fileExists(atPath: directory.path("out.jpg")))
            #expect(try Self.runCount(database) == 0, "\(arguments)")
        }
        let notBinary = try MSDBProcess.run(["--db", database, "label", "erode", threeValued])
        #expect(notBinary.stderr.contains("not binary"))
    }

    @Test func benchImagingReportsEveryFigure() throws {
        let outcome = try MSDBProcess.run([
            "bench", "imaging", "--size", "96", "--repeat-seconds", "0", "--json",
        ])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let json = try JSONParser.parse(outcome.stdout)
        #expect(json["size"] == 96)
        for key in [
            "png_decode_mb_per_s", "tiff_decode_mb_per_s", "skeleton_seconds", "kde_seconds",
            "rs_labels_per_s",
            "rf_labels_per_s", "rl_labels_per_s",
        ] {
            let value = try #require(json[key]?.doubleValue, "missing \(key)")
            #expect(value > 0 && value.isFinite, "\(key) = \(value)")
        }
    }

    @Test func ntmPrintsTheMatrixAndLemmaTwoRanks() throws {
        let directory = try TemporaryDirectory()
        let database = directory.path("db.sqlite")
        let mask = try Self.writeMask(in: directory)
        var ranks: [String: JSONValue] = [:]
        for (name, arguments) in [("rf", ["--p", "0.2"]), ("rl", ["--p", "0.3"]), ("rs", ["--p", "0.5"])] {
            let out = directory.path("\(name).png")
            let made = try MSDBProcess.run(["--db", database, "label", name, mask, "--out", out] + arguments)
            #expect(made.status == 0, "\(made.stderr)")
            let ntm = try JSONParser.parse(
                try MSDBProcess.run(["ntm", "--clean", mask, "--noisy", out, "--json"]).stdout)
            ranks[name] = ntm["rank"]
            if name == "rf" {
                let background = 40 * 30 - Self.foreground
                let expected: JSONValue = [
                    [
                        .number(1 - Double(background / 5) / Double(background)),
                        .number(Double(background / 5) / Double(background)),
                    ],
                    [
                        .number(Double(Self.foreground / 5) / Double(Self.foreground)),
                        .number(1 - Double(Self.foreground / 5) / Double(Self.foreground)),
                    ],
                ]
                #expect(ntm["matrix"] == expected)
            }
        }
        #expect(ranks == ["rf": 2, "rl": 1, "rs": 2])
    }

    @Test func multiClassFlippingAndItsMatrixWorkOnALabelMapFile() throws {
        let directory = try TemporaryDirectory()
        let labels = directory.path("labels.png")
        try ImageFile.write(
            Image(width: 40, height: 30, gray8: (0..<1200).map { UInt8(($0 % 40) / 14) }), path: labels)
        let out = directory.path("flipped.png")
        let made = try MSDBProcess.run(
            [
                "--db", directory.path("db.sqlite"), "label", "rf", labels, "--classes", "3", "--p", "0.3",
                "--out", out,
            ])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(Set(try ImageFile.readLabels(path: out).labels) == [0, 1, 2])
        let ntm = try JSONParser.parse(
            try MSDBProcess.run(["ntm", "--clean", labels, "--noisy", out, "--classes", "3", "--json"]).stdout
        )
        #expect(ntm["rank"] == 3)
        #expect(ntm["matrix"]?.arrayValue?.count == 3)
        // Each row keeps 1 − ⌊0.3·N⌋/N of its class on the diagonal: N = 420, 420, 360.
        let diagonal = (0..<3).compactMap { ntm["matrix"]?.arrayValue?[$0].arrayValue?[$0].doubleValue }
        let wide: Double = 1 - 126.0 / 420
        let narrow: Double = 1 - 108.0 / 360
        let expected: [Double] = [wide, wide, narrow]
        #expect(diagonal == expected)
        let tooFew = try MSDBProcess.run(["ntm", "--clean", labels, "--noisy", out, "--classes", "2"])
        #expect(tooFew.status != 0 && tooFew.stderr.contains(labels) && tooFew.stderr.contains("not binary"))
    }

    @Test func ntmRefusesMismatchedAndUnreadableFilesNamingThem() throws {
        let directory = try TemporaryDirectory()
        let mask = try Self.writeMask(in: directory)
        let small = directory.path("small.png")
        try ImageFile.write(Image(width: 8, height: 8, gray8: [UInt8](repeating: 0, count: 64)), path: small)
        let text = directory.path("text.tif")
        try Data("II*\0 this is not really a tiff".utf8).write(to: URL(fileURLWithPath: text))
        let cases: [([String], [String])] = [
            (["--clean", mask, "--noisy", small], [mask, small, "40x30", "8x8"]),
            (["--clean", mask, "--noisy", text], [text]),
            (["--clean", directory.path("nope.png"), "--noisy", mask], [directory.path("nope.png")]),
        ]
        for (arguments, named) in cases {
            let outcome = try MSDBProcess.run(["ntm"] + arguments)
            #expect(outcome.status != 0)
            #expect(outcome.stderr.hasPrefix("error: "), "\(outcome.stderr)")
            #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
            for word in named { #expect(outcome.stderr.contains(word), "\(outcome.stderr)") }
            #expect(outcome.stdout.isEmpty)
        }
    }
}
