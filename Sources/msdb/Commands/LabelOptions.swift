import ArgumentParser
import ArtifactStore
import Foundation
import Imaging
import Jobs
import LabelNoise
import RandomStreams
import Reproduction
import Runs

/// The arguments every `msdb label` subcommand shares, and the one way they all run.
struct LabelOptions: ParsableArguments {
    @OptionGroup var global: GlobalOptions

    @Argument(help: "The clean mask or label map (PNG or TIFF).")
    var mask: String

    @Option(help: "Also write the noisy label here (.png or .tif; 0/255 for a binary label).")
    var out: String?

    @Flag(help: "Print one JSON object: id, foreground, ignored, run, cached, clean.")
    var json = false

    @Flag(help: "Recompute even if the run is recorded (the label must come out the same).")
    var force = false

    /// Reads the mask, makes (or finds) the label, writes `--out`, prints. Every check on the
    /// input comes before the store is opened, so a refused input records nothing.
    func run(_ makeRecipe: () throws(LabelNoiseError) -> NoiseRecipe, seed: Seed) throws {
        let recipe: NoiseRecipe
        do throws(LabelNoiseError) {
            recipe = try makeRecipe()
        } catch {
            throw CLIError(LabelFiles.message(for: error, path: mask))
        }
        if let out { try LabelFiles.checkWritable(out) }
        let read = try LabelFiles.read(mask)
        let clean = recipe.readsMasks ? read.normalizedSingleForeground() : read
        do throws(LabelNoiseError) {
            try recipe.validate(clean)
        } catch {
            throw CLIError(LabelFiles.message(for: error, path: mask))
        }
        let store = try global.openStore()
        let outcome = try LabelJob(recipe: recipe, seed: seed).run(clean: clean, store: store, force: force)
        if let out {
            let noisy = try LabelMap(canonicalBytes: [UInt8](try store.get(outcome.label).bytes))
            try LabelFiles.write(noisy, to: out)
        }
        if json {
            try CommandOutput.printJSON(LabelOutcomeJSON(outcome, pixels: clean.labels.count))
        } else {
            print(outcome.label.hex)
        }
    }
}

/// A label job's outcome as `msdb label --json` prints it; `id` and `foreground` are the contract.
struct LabelOutcomeJSON: Encodable {
    let id: String
    let foreground: Int
    let ignored: Int
    let pixels: Int
    let run: String
    let cached: Bool
    let clean: String

    init(_ outcome: LabelOutcome, pixels: Int) {
        id = outcome.label.hex
        foreground = outcome.foreground
        ignored = outcome.ignored
        self.pixels = pixels
        run = outcome.run.id.hex
        cached = outcome.run.cached
        clean = outcome.clean.hex
    }
}
