import ArgumentParser
import ArtifactStore
import CanonicalJSON
import Foundation
import Imaging
import Jobs
import Reproduction
import Runs

/// `msdb kde MASK --bandwidth H --out MAP`: the kernel density map of a mask's foreground
/// (Figure 6), computed once and kept in the database.
struct KDECommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kde",
        abstract: "The kernel density map of a binary mask's foreground, stored and drawn as a picture.",
        discussion: """
            The density of foreground pixels under a Gaussian kernel of bandwidth H pixels (separable \
            convolution, zero border), normalised to sum 1. The mask is stored as a `label` artifact and \
            the map as a `kde` artifact (exact float64 values; `msdb cat ID` gives its bytes) by a run of \
            kind `kde` with params {bandwidth} and input `mask`, so the same mask and bandwidth are \
            answered from the database. The --out file is only a picture of the map: a 16-bit gray PNG \
            or TIFF (by extension) scaled linearly from the map's minimum..maximum onto 0...65535. \
            JSON: {"id": kde artifact id, "run": run id, "sum", "max"}.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The binary mask (0 and one other value), PNG or TIFF.")
    var mask: String

    @Option(parsing: .unconditional, help: "The kernel bandwidth H in pixels (> 0).")
    var bandwidth: Double

    @Option(help: "Write the 16-bit picture of the map here (.png, .tif or .tiff; written atomically).")
    var out: String

    @Flag(help: "Recompute even if the run is in the database.")
    var force = false

    @Flag(help: "Print one JSON object.")
    var json = false

    func validate() throws {
        guard bandwidth > 0, bandwidth.isFinite else {
            throw ValidationError("--bandwidth must be a finite number > 0, got \(bandwidth)")
        }
        try PrimitiveFiles.validateOutput(out)
    }

    func run() throws {
        let input = try PrimitiveFiles.mask(mask)
        guard input.foregroundCount > 0 else {
            throw CLIError("'\(mask)' has no foreground pixels, so it has no density")
        }
        let store = try global.openStore()
        let outcome = try KDEJob(bandwidth: bandwidth).run(mask: input, store: store, force: force)
        guard let id = outcome.outputs["kde"] else {
            throw CLIError("run \(outcome.id.hex) has no 'kde' output")
        }
        let density = try KDEMap.decode(canonicalBytes: [UInt8](store.get(id).bytes)).density
        try ImageFile.write(Image(quantizing: density), path: out)
        let result = KDEJSON(
            id: id.hex, run: outcome.id.hex, sum: density.values.reduce(0, +), max: density.values.max() ?? 0)
        if json {
            try CommandOutput.printJSON(result)
        } else {
            print(
                "kde \(id.hex) (run \(outcome.id.short)\(outcome.cached ? ", from the database" : "")): "
                    + "sum \(CommandOutput.number(result.sum)), max \(CommandOutput.number(result.max)); "
                    + "wrote \(out) (16-bit picture scaled min..max)")
        }
    }
}

/// `{"id", "run", "sum", "max"}` of `msdb kde --json`.
struct KDEJSON: Encodable {
    let id: String
    let run: String
    let sum: Double
    let max: Double
}
