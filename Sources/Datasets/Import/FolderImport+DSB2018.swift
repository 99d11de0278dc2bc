internal import Foundation

extension FolderImport {
    /// The samples of a stage-1 Data Science Bowl folder: every subfolder `<id>` must hold
    /// `images/<id>.png` and a `masks` folder with at least one PNG. Files at the top level (the
    /// competition's CSVs) are ignored. The entries come split by `split`, train first, each split
    /// sorted by id.
    static func dataScienceBowlEntries(
        root: String, path: String, split: SampleSplit
    ) throws(DatasetsError) -> [ImportEntry] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: root)
        } catch {
            throw .missingFolder(path: path)
        }
        var samples: [(id: String, image: String, masks: [String])] = []
        for id in names.sorted() where !id.hasPrefix(".") && isDirectory(root + "/" + id) {
            samples.append(try sample(id, root: root))
        }
        guard !samples.isEmpty else { throw .empty(path: path) }
        let assignment = try split.assign(samples.map(\.id), folder: root)
        var entries: [ImportEntry] = []
        for part in Split.allCases {
            entries += samples.filter { assignment[$0.id] == part }
                .sorted { Array($0.id.utf8).lexicographicallyPrecedes(Array($1.id.utf8)) }
                .map { ImportEntry(split: part, stem: $0.id, imagePath: $0.image, labelPaths: $0.masks) }
        }
        return entries
    }

    /// One sample folder's image and masks, checked for presence (decoding comes in `load`).
    private static func sample(
        _ id: String, root: String
    ) throws(DatasetsError) -> (id: String, image: String, masks: [String]) {
        let folder = root + "/" + id
        let masksFolder = folder + "/masks"
        guard isDirectory(masksFolder) else {
            throw .malformed(
                path: folder, reason: "has no masks folder (stage-1 test samples have no masks to import)")
        }
        let masks = try listing(root: root, folder: id + "/masks").values.sorted {
            Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8))
        }
        guard let firstMask = masks.first else {
            throw .malformed(path: masksFolder, reason: "holds no mask")
        }
        let images = isDirectory(folder + "/images") ? try listing(root: root, folder: id + "/images") : [:]
        guard let image = images[id] else {
            throw .unpaired(file: root + "/" + firstMask, missing: "image \(id)/images/\(id).png")
        }
        return (id, image, masks)
    }
}
