import ArgumentParser
import Foundation
import Imaging
import LabelNoise

/// `msdb ntm`: the noise transition matrix of a clean/noisy pair and its rank.
struct NTMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ntm",
        abstract: "The noise transition matrix Q(y*|y) of a clean/noisy label pair, and its rank.",
        discussion: """
            Rows are clean classes, columns noisy ones, each row normalised; pixels ignored (255) in either file \
            are left out. The rank counts singular values above a tolerance: by default the larger of the \
            floating-point tolerance and three times the estimate's sampling error (see NoiseTransitionMatrix), \
            so random labels read as rank 1 although their estimate differs from rank 1 by sampling noise.
            """
    )

    @Option(help: "The clean label (PNG or TIFF; 0/255 masks read as 0/1).")
    var clean: String

    @Option(help: "The noisy label, the same size.")
    var noisy: String

    @Option(help: "The number of classes (default: the largest label + 1, at least 2).")
    var classes: Int?

    @Option(help: "Count singular values above this instead of the default tolerance.")
    var tolerance: Double?

    @Flag(help: "Print one JSON object: matrix, rank, counts, singular_values, tolerance, classes.")
    var json = false

    func validate() throws {
        if let tolerance, !(tolerance >= 0) { throw ValidationError("--tolerance must be non-negative") }
    }

    func run() throws {
        let cleanLabels = try LabelFiles.read(clean)
        let noisyLabels = try LabelFiles.read(noisy)
        let ntm: NoiseTransitionMatrix
        do throws(LabelNoiseError) {
            ntm = try NoiseTransitionMatrix(clean: cleanLabels, noisy: noisyLabels, classes: classes)
        } catch {
            throw CLIError(message(for: error, cleanLabels: cleanLabels))
        }
        let usedTolerance = tolerance ?? ntm.rankTolerance
        let rank = ntm.rank(tolerance: usedTolerance)
        if json {
            try CommandOutput.printJSON(
                NTMJSON(
                    matrix: ntm.matrix, rank: rank, counts: ntm.counts, singularValues: ntm.singularValues,
                    tolerance: usedTolerance, classes: ntm.classes))
            return
        }
        let rows = ntm.matrix.enumerated().map { index, row in
            ["\(index)"] + row.map { String(format: "%.4f", $0) }
        }
        print(CommandOutput.table([["y\\y*"] + (0..<ntm.classes).map(String.init)] + rows))
        print("rank \(rank) (tolerance \(String(format: "%.3g", usedTolerance)))")
    }

    /// One line naming the file a matrix error is about.
    private func message(for error: LabelNoiseError, cleanLabels: LabelMap) -> String {
        switch error {
        case .sizeMismatch(let cleanWidth, let cleanHeight, let noisyWidth, let noisyHeight):
            return
                "'\(noisy)' is \(noisyWidth)x\(noisyHeight) but '\(clean)' is \(cleanWidth)x\(cleanHeight);"
                + " the labels must have the same size"
        case .notBinary(let label), .labelOutOfRange(let label, _):
            let file = cleanLabels.labels.contains(label) ? clean : noisy
            return "'\(file)': \(error)"
        default:
            return error.description
        }
    }
}

/// The matrix as `msdb ntm --json` prints it; `matrix` and `rank` are the contract.
struct NTMJSON: Encodable {
    let matrix: [[Double]]
    let rank: Int
    let counts: [[Int]]
    let singularValues: [Double]
    let tolerance: Double
    let classes: Int

    enum CodingKeys: String, CodingKey {
        case matrix, rank, counts, tolerance, classes
        case singularValues = "singular_values"
    }
}
