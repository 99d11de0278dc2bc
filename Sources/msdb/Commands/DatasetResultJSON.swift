import ArtifactStore
import CanonicalJSON
import Datasets
import Foundation
import Jobs
import Reproduction
import Runs

/// What `msdb dataset synth` and `msdb dataset import` print; with `--json` the keys are `id` (the
/// manifest), `run_id`, `cached`, `name`, `task`, `classes`, `splits` (counts) and `metrics`, plus for a
/// tiled import (`dsb2018`) `import_summary`: `samples`, `tiles`, `skipped` (ids smaller than a tile),
/// `pixels` and `dropped_pixels` (in the border strips); for `cityscapes` and `voc` `import_summary`
/// has `samples`, `skipped_splits` (source splits without labels) and for `voc` `unlisted_images`.
struct DatasetResultJSON: Encodable {
    let id: String
    let runID: String
    let cached: Bool
    let name: String
    let task: String
    let classes: [String]
    let splits: [String: Int]
    let metrics: [String: Double]
    let importSummary: ImportSummaryJSON?

    init(_ outcome: DatasetOutcome) {
        id = outcome.manifestID.hex
        runID = outcome.run.id.hex
        cached = outcome.run.cached
        name = outcome.manifest.name
        task = outcome.manifest.task
        classes = outcome.manifest.classes
        importSummary = outcome.manifest.source["import"]?["summary"].flatMap(ImportSummaryJSON.init)
        splits = Dictionary(
            uniqueKeysWithValues: Split.allCases.map { ($0.rawValue, outcome.manifest[$0].count) })
        metrics = outcome.run.metrics
    }

    enum CodingKeys: String, CodingKey {
        case id, cached, name, task, classes, splits, metrics
        case runID = "run_id"
        case importSummary = "import_summary"
    }

    /// Prints JSON, or for people the id on the first line and a summary after it.
    func print(json: Bool) throws {
        if json {
            try CommandOutput.printJSON(self)
            return
        }
        Swift.print(id)
        let counts = Split.allCases.map { "\($0.rawValue) \(splits[$0.rawValue] ?? 0)" }.joined(
            separator: ", ")
        Swift.print("\(name) (\(task)): \(counts); run \(runID.prefix(12))\(cached ? " (cached)" : "")")
        if let summary = importSummary, summary.tiles == nil {
            let unlisted = summary.unlistedImages.map { "; \($0) images in no split list" } ?? ""
            let skipped =
                summary.skippedSplits?.isEmpty == false
                ? "; skipped splits without labels: " + (summary.skippedSplits ?? []).joined(separator: ", ")
                : ""
            Swift.print("\(summary.samples) samples" + skipped + unlisted)
        } else if let summary = importSummary, let tiles = summary.tiles, let skipped = summary.skipped,
            let pixels = summary.pixels, let droppedPixels = summary.droppedPixels
        {
            Swift.print(
                "\(summary.samples) samples cut into \(tiles) tiles; \(skipped.count) smaller "
                    + "than a tile skipped; "
                    + String(format: "%.1f%%", 100 * Double(droppedPixels) / Double(max(pixels, 1)))
                    + " of the pixels in dropped border strips")
        }
    }
}

/// An import's summary as the manifest records it: the tiling keys for `dsb2018`, the skipped
/// splits (and VOC's unlisted images) for the scene layouts; absent keys are not printed.
struct ImportSummaryJSON: Encodable {
    let samples: Int64
    let tiles: Int64?
    let skipped: [String]?
    let pixels: Int64?
    let droppedPixels: Int64?
    let skippedSplits: [String]?
    let unlistedImages: Int64?
    let cropped: [String]?

    init?(_ value: JSONValue) {
        guard let samples = value["samples"]?.integerValue else { return nil }
        self.samples = samples
        tiles = value["tiles"]?.integerValue
        skipped = value["skipped"]?.arrayValue?.compactMap(\.stringValue)
        pixels = value["pixels"]?.integerValue
        droppedPixels = value["dropped_pixels"]?.integerValue
        skippedSplits = value["skipped_splits"]?.arrayValue?.compactMap(\.stringValue)
        unlistedImages = value["unlisted_images"]?.integerValue
        cropped = value["cropped"]?.arrayValue?.compactMap(\.stringValue)
    }

    enum CodingKeys: String, CodingKey {
        case samples, tiles, skipped, pixels, cropped
        case droppedPixels = "dropped_pixels"
        case skippedSplits = "skipped_splits"
        case unlistedImages = "unlisted_images"
    }
}
