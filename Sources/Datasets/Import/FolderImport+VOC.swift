internal import Foundation

extension FolderImport {
    /// VOC's segmentation id lists and where msdb puts them: train is train, val is test (VOC's
    /// test labels are not public); msdb's val stays empty. `trainval.txt` is their union.
    static let vocSplits: [(list: String, split: Split)] = [("train", .train), ("val", .test)]

    /// The folder of VOC's split lists.
    static let vocLists = "ImageSets/Segmentation"

    /// Scans a PASCAL VOC 2012 tree: every id of `ImageSets/Segmentation/{train,val}.txt` (one per
    /// line, blank lines ignored) needs `JPEGImages/<id>.jpg` and `SegmentationClass/<id>.png`; every
    /// label file needs its JPEG. An id listed twice, a list without ids and a listed id with no
    /// files are errors. Other lists (`test.txt`) are skipped and reported, as is the number of
    /// JPEGs no list names (VOC's detection images).
    static func voc(root: String, path: String) throws(DatasetsError) -> FolderImport {
        for required in ["JPEGImages", "SegmentationClass", vocLists]
        where !isDirectory(root + "/" + required) {
            throw .missingFolder(path: path + "/" + required)
        }
        let images = try listing(root: root, folder: "JPEGImages", suffix: ".jpg")
        let labels = try listing(root: root, folder: "SegmentationClass", suffix: ".png")
        for (id, label) in labels.sorted(by: {
            Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8))
        })
        where images[id] == nil {
            throw .unpaired(file: root + "/" + label, missing: "image JPEGImages/\(id).jpg")
        }
        var entries: [ImportEntry] = []
        var listed: [String: String] = [:]
        for (list, split) in vocSplits {
            let listFile = "\(vocLists)/\(list).txt"
            var ids: [String] = []
            for (number, id) in try listedIDs(root: root, file: listFile) {
                let place = "\(root)/\(listFile)"
                if let other = listed[id] {
                    throw .malformed(
                        path: place, reason: "line \(number) lists '\(id)', already listed in \(other)")
                }
                listed[id] = "\(list).txt"
                switch (images[id], labels[id]) {
                case (.some, .some): ids.append(id)
                case (.some(let image), nil):
                    throw .unpaired(file: root + "/" + image, missing: "label SegmentationClass/\(id).png")
                case (nil, .some(let label)):
                    throw .unpaired(file: root + "/" + label, missing: "image JPEGImages/\(id).jpg")
                case (nil, nil):
                    throw .malformed(
                        path: place,
                        reason: "line \(number) lists '\(id)', which has neither JPEGImages/\(id).jpg nor "
                            + "SegmentationClass/\(id).png")
                }
            }
            guard !ids.isEmpty else { throw .empty(path: "\(root)/\(listFile)") }
            entries += ids.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }.compactMap {
                id in
                guard let image = images[id], let label = labels[id] else { return nil }
                return ImportEntry(split: split, stem: id, imagePath: image, labelPath: label)
            }
        }
        let known = Set(vocSplits.map(\.list) + ["trainval"])
        let skipped = try listing(root: root, folder: vocLists, suffix: ".txt").keys
            .filter { !known.contains($0) }
            .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        return FolderImport(
            root: root, layout: .voc, binary: false, entries: entries,
            layoutFiles: vocSplits.map { "\(vocLists)/\($0.list).txt" }, skippedSplits: skipped,
            unlistedImages: images.keys.filter { listed[$0] == nil }.count)
    }

    /// The ids of a split list with their line numbers (from 1); blank lines are skipped, and an id
    /// that is not a plain file name is an error.
    private static func listedIDs(root: String, file: String) throws(DatasetsError) -> [(Int, String)] {
        let full = root + "/" + file
        guard FileManager.default.fileExists(atPath: full) else {
            throw .malformed(
                path: full, reason: "is missing; the voc layout needs the train and val id lists")
        }
        guard try isContainedFile(root: root, relative: file),
            let data = FileManager.default.contents(atPath: full),
            let text = String(data: data, encoding: .utf8)
        else { throw .unreadable(file: full, reason: "not a readable UTF-8 text file") }
        var ids: [(Int, String)] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let id = line.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !id.isEmpty else { continue }
            guard !id.contains("/"), !id.hasPrefix("."), !id.contains(where: \.isWhitespace) else {
                throw .malformed(path: full, reason: "line \(index + 1): '\(id)' is not a VOC image id")
            }
            ids.append((index + 1, id))
        }
        return ids
    }
}
