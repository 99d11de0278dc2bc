extension FolderImport {
    /// Cityscapes' labelled splits and where msdb puts them: train is train, val is test (the
    /// official test split has no public labels); msdb's val stays empty.
    static let cityscapesSplits: [(folder: String, split: Split)] = [("train", .train), ("val", .test)]

    /// Scans a Cityscapes tree: `leftImg8bit/<split>/<city>/<name>_leftImg8bit.png` paired with
    /// `gtFine/<split>/<city>/<name>_gtFine_labelIds.png` for train and val, both required and
    /// neither empty. Other gtFine files (`_color.png`, `_instanceIds.png`, `_polygons.json`) are
    /// ignored; other split folders of leftImg8bit (`test`, `train_extra`) are skipped and reported.
    static func cityscapes(root: String, path: String, downscale: Downscale) throws(DatasetsError)
        -> FolderImport
    {
        var entries: [ImportEntry] = []
        for (folder, split) in cityscapesSplits {
            let images = "leftImg8bit/" + folder
            let labels = "gtFine/" + folder
            for required in [images, labels] where !isDirectory(root + "/" + required) {
                throw .missingFolder(path: path + "/" + required)
            }
            let imageFiles = try cityFiles(root: root, folder: images, suffix: "_leftImg8bit.png")
            let labelFiles = try cityFiles(root: root, folder: labels, suffix: "_gtFine_labelIds.png")
            let names = imageFiles.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            for name in names where labelFiles[name] == nil {
                let image = imageFiles[name] ?? name
                throw .unpaired(file: root + "/" + image, missing: "label \(labelPath(forImage: image))")
            }
            for (name, label) in labelFiles.sorted(by: {
                Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8))
            }) where imageFiles[name] == nil {
                throw .unpaired(
                    file: root + "/" + label, missing: "image \(name)_leftImg8bit.png in \(images)")
            }
            guard !names.isEmpty else { throw .empty(path: root + "/" + images) }
            entries += names.compactMap { name in
                guard let image = imageFiles[name], let label = labelFiles[name] else { return nil }
                return ImportEntry(split: split, stem: name, imagePath: image, labelPath: label)
            }
        }
        let labelled = Set(cityscapesSplits.map(\.folder))
        return FolderImport(
            root: root, layout: .cityscapes, binary: false, entries: entries, downscale: downscale,
            skippedSplits: subfolders(root: root, folder: "leftImg8bit").filter { !labelled.contains($0) })
    }

    /// The files ending in `suffix` in every city folder of `folder`, by name before the suffix. A
    /// name found in two cities is a duplicate.
    private static func cityFiles(
        root: String, folder: String, suffix: String
    ) throws(DatasetsError) -> [String: String] {
        var files: [String: String] = [:]
        for city in subfolders(root: root, folder: folder) {
            for (name, file) in try listing(root: root, folder: folder + "/" + city, suffix: suffix) {
                if let other = files[name] {
                    throw .duplicateStem(file: root + "/" + file, other: root + "/" + other)
                }
                files[name] = file
            }
        }
        return files
    }

    /// Where an image's labelIds file belongs, relative to the folder.
    private static func labelPath(forImage image: String) -> String {
        let gtFine = "gtFine" + image.dropFirst("leftImg8bit".count)
        return String(gtFine.dropLast("_leftImg8bit.png".count)) + "_gtFine_labelIds.png"
    }
}
