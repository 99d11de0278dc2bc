import Foundation
import Imaging
import NumericCore
import RandomStreams
import TestSupport
import Testing

/// Property-based fuzzing of the PNG, TIFF and JPEG readers: every mutated file either decodes or throws
/// `ImagingError`; none crashes, hangs or allocates beyond the image limits.
@Suite struct CodecFuzzTests {
    let scratch = ScratchDirectory()

    /// The seed files of one corpus (`Fixtures/fuzz-corpus/png`, `.../tiff` or `.../jpeg`).
    static func corpus(_ name: String) throws -> [[UInt8]] {
        let directory = URL(fileURLWithPath: try Fixtures.path("fuzz-corpus")).appending(path: name)
        return try Fuzz.corpusFiles(in: directory).map { [UInt8](try Data(contentsOf: $0)) }
    }

    /// Decodes `bytes` as an image file; true when it decoded, false when it threw `ImagingError`.
    /// Any other error fails the test with `label`.
    func decodes(_ bytes: [UInt8], label: String) throws -> Bool {
        do {
            if ImageFile.format(of: bytes) == .tiff {
                let path = scratch.file("input.tif")
                try Data(bytes).write(to: URL(fileURLWithPath: path))
                let pages = try ImageFile.pageCount(path: path)
                for page in 0..<min(pages, 3) { _ = try ImageFile.read(path: path, page: page) }
            } else if ImageFile.format(of: bytes) == .jpeg {
                let path = scratch.file("input.jpg")
                try Data(bytes).write(to: URL(fileURLWithPath: path))
                _ = try ImageFile.read(path: path)
            } else {
                _ = try ImageFile.decodePNG(bytes, name: label)
            }
            return true
        } catch is ImagingError {
            return false
        } catch {
            Issue.record("\(label): unexpected error \(error)")
            return false
        }
    }

    /// Mutates a PNG the ways that matter to its structure: generic byte mutations, plus IHDR
    /// width/height and chunk lengths set to boundary values; CRCs are fixed up afterwards.
    static func pngMutant(_ mutator: ByteMutator, using random: inout RandomStream) -> [UInt8] {
        var bytes = mutator.mutant(using: &random)
        if bytes.count >= 24, random.nextInt(below: 3) == 0 {
            let word = ByteMutator.interestingWords[random.nextInt(below: ByteMutator.interestingWords.count)]
            let field = [16, 20, 8][random.nextInt(below: 3)]  // width, height, first chunk length
            bytes.replaceSubrange(field..<(field + 4), with: PNGBytes.bigEndian(word))
        }
        return random.nextInt(below: 4) == 0 ? bytes : PNGBytes.fixingCRCs(bytes)
    }

    @Test func mutatedPNGFilesDecodeOrThrowImagingError() throws {
        let mutator = ByteMutator(seeds: try Self.corpus("png"))
        var random = Fuzz.stream("png")
        let iterations = Fuzz.iterations
        var decoded = 0
        let started = Date()
        for iteration in 0..<iterations {
            let bytes = Self.pngMutant(mutator, using: &random)
            if try decodes(bytes, label: "png mutant \(iteration) of seed \(Fuzz.seed)") { decoded += 1 }
        }
        print("fuzz png: \(iterations) inputs, \(decoded) decoded, \(Date().timeIntervalSince(started)) s")
        #expect(decoded < iterations, "some mutants must be refused, or the mutator does nothing")
    }

    @Test func mutatedTIFFFilesDecodeOrThrowImagingError() throws {
        let mutator = ByteMutator(seeds: try Self.corpus("tiff"))
        var random = Fuzz.stream("tiff")
        let iterations = Fuzz.iterations
        var decoded = 0
        let started = Date()
        for iteration in 0..<iterations {
            var bytes = mutator.mutant(using: &random)
            // Keep the signature most of the time so that mutants reach libtiff's directory parser.
            if random.nextInt(below: 8) != 0, bytes.count >= 4 {
                bytes.replaceSubrange(0..<4, with: [0x49, 0x49, 0x2A, 0x00])
            }
            if try decodes(bytes, label: "tiff mutant \(iteration) of seed \(Fuzz.seed)") { decoded += 1 }
        }
        print("fuzz tiff: \(iterations) inputs, \(decoded) decoded, \(Date().timeIntervalSince(started)) s")
        #expect(decoded < iterations, "some mutants must be refused, or the mutator does nothing")
    }

    /// Mutates JPEGs (keeping the SOI marker most of the time, so mutants reach libjpeg's marker
    /// parser and entropy decoder): every mutant decodes or throws, and libjpeg never exits the
    /// process (its errors come back through the CJPEG shims' setjmp).
    @Test func mutatedJPEGFilesDecodeOrThrowImagingError() throws {
        let mutator = ByteMutator(seeds: try Self.corpus("jpeg").filter { !$0.isEmpty })
        var random = Fuzz.stream("jpeg")
        let iterations = Fuzz.iterations
        var decoded = 0
        let started = Date()
        for iteration in 0..<iterations {
            var bytes = mutator.mutant(using: &random)
            if random.nextInt(below: 8) != 0, bytes.count >= 3 {
                bytes.replaceSubrange(0..<3, with: [0xFF, 0xD8, 0xFF])
            }
            if try decodes(bytes, label: "jpeg mutant \(iteration) of seed \(Fuzz.seed)") { decoded += 1 }
        }
        print("fuzz jpeg: \(iterations) inputs, \(decoded) decoded, \(Date().timeIntervalSince(started)) s")
        #expect(decoded < iterations, "some mutants must be refused, or the mutator does nothing")
    }

    /// Replays every file of the three corpora: each seed must still decode, each regression input
    /// (`crash-*`, `bad-*`) must throw `ImagingError`.
    @Test(arguments: ["png", "tiff", "jpeg"]) func codecCorpusReplays(_ name: String) throws {
        let directory = URL(fileURLWithPath: try Fixtures.path("fuzz-corpus")).appending(path: name)
        let files = try Fuzz.corpusFiles(in: directory)
        #expect(!files.isEmpty)
        for file in files {
            let ok = try decodes([UInt8](try Data(contentsOf: file)), label: file.lastPathComponent)
            let expected = file.lastPathComponent.hasPrefix("seed-")
            #expect(ok == expected, "\(file.lastPathComponent) decoded: \(ok)")
        }
    }
}
