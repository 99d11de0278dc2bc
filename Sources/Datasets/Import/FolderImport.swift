internal import Foundation
internal import Imaging
internal import RandomStreams

/// A folder of real images and masks, scanned and checked, ready to load.
///
/// `scan` lists and pairs the files without decoding them (cheap, so a caller can hash the files
/// and find a cached import first); `load` decodes and checks every pair. Files whose extension is
/// not `.png`, `.tif` or `.tiff` (for `cityscapes` not ending `_leftImg8bit.png` or
/// `_gtFine_labelIds.png`, for `voc` not `.jpg` or `.png`), hidden files and subfolders are ignored;
/// every listed file must resolve (through symbolic links) to a place inside the folder.
public struct FolderImport: Sendable, Equatable {
    /// The folder with symbolic links resolved, absolute.
    public let root: String
    public let layout: ImportLayout
    /// Whether masks are declared binary (0 and one of 1, 255 or 65535); otherwise label maps of
    /// class ids 0…254 (255 ignored).
    public let binary: Bool
    /// The samples, split by split in manifest order, each split sorted by stem (bytewise).
    public let entries: [ImportEntry]
    /// How samples were split by id, for layouts without splits of their own (`dsb2018`).
    public let sampleSplit: SampleSplit?
    /// How images are cut into tiles (`dsb2018`); nil keeps every image whole.
    public let tiling: Tiling?
    /// How images and labels are shrunk (`cityscapes`); nil keeps them at full size.
    public let downscale: Downscale?
    /// How images of differing sizes are brought to one (`voc`); nil keeps each as it is.
    public internal(set) var padding: Padding?
    /// Files besides the images and labels that decide the import (VOC's split lists), relative to
    /// the folder; they are hashed into the import's spec.
    public let layoutFiles: [String]
    /// Splits of the source that were left out because they have no public labels (Cityscapes'
    /// `test`), sorted.
    public let skippedSplits: [String]
    /// Images in the folder that no split lists (VOC's detection-only JPEGs); nil where every image
    /// is imported.
    public let unlistedImages: Int?

    init(
        root: String, layout: ImportLayout, binary: Bool, entries: [ImportEntry],
        sampleSplit: SampleSplit? = nil,
        tiling: Tiling? = nil, downscale: Downscale? = nil, layoutFiles: [String] = [],
        skippedSplits: [String] = [], unlistedImages: Int? = nil
    ) {
        self.root = root
        self.layout = layout
        self.binary = binary
        self.entries = entries
        self.sampleSplit = sampleSplit
        self.tiling = tiling
        self.downscale = downscale
        self.layoutFiles = layoutFiles
        self.skippedSplits = skippedSplits
        self.unlistedImages = unlistedImages
    }

    /// The image extensions that are imported.
    public static let extensions: Set<String> = ["png", "tif", "tiff"]

    /// Lists and pairs the files of `path`. With the `pairs` layout every pair goes to `split`;
    /// `dsb2018` divides its samples by `sampleSplit` (default: 0.7, 0.1, 0.2 from seed 0) and cuts
    /// them by `tiling` (default: 256-pixel tiles); `cityscapes` shrinks them by `downscale`
    /// (default: full size); `voc` pads them to one size by `padding` (default: 512). Other layouts take none of these; `cityscapes` and `voc` are always
    /// multi-class (`binary` does not apply).
    public static func scan(
        path: String, layout: ImportLayout, binary: Bool = true, split: Split = .test,
        sampleSplit: SampleSplit? = nil, tiling: Tiling? = nil, downscale: Downscale? = nil,
        padding: Padding? = nil
    ) throws(DatasetsError) -> FolderImport {
        guard let root = realPath(path), isDirectory(root) else { throw .missingFolder(path: path) }
        guard padding == nil || layout == .voc else {
            throw .invalidOption(name: "pad-to", reason: "only the voc layout is padded")
        }
        guard downscale == nil || layout == .cityscapes else {
            throw .invalidOption(name: "scale", reason: "only the cityscapes layout is downscaled")
        }
        if layout == .cityscapes || layout == .voc {
            guard sampleSplit == nil, tiling == nil else {
                throw .invalidOption(
                    name: "tile", reason: "only the dsb2018 layout is split by seed and tiled")
            }
            if layout == .voc {
                var folder = try voc(root: root, path: path)
                if let padding {
                    folder.padding = padding
                } else {
                    folder.padding = try Padding(size: Padding.defaultSize)
                }
                return folder
            }
            let fullSize = try Downscale(scale: 1)
            return try cityscapes(root: root, path: path, downscale: downscale ?? fullSize)
        }
        if layout == .dsb2018 {
            let chosenSplit: SampleSplit
            if let sampleSplit {
                chosenSplit = sampleSplit
            } else {
                let fractions = SampleSplit.defaultFractions
                chosenSplit = try SampleSplit(
                    train: fractions[0], val: fractions[1], test: fractions[2], seed: Seed(nonNegative: 0))
            }
            let chosenTiling: Tiling
            if let tiling {
                chosenTiling = tiling
            } else {
                chosenTiling = try Tiling(size: Tiling.defaultSize)
            }
            return FolderImport(
                root: root, layout: layout, binary: true,
                entries: try dataScienceBowlEntries(root: root, path: path, split: chosenSplit),
                sampleSplit: chosenSplit, tiling: chosenTiling)
        }
        guard sampleSplit == nil, tiling == nil else {
            throw .invalidOption(name: "tile", reason: "only the dsb2018 layout is split by seed and tiled")
        }
        var entries: [ImportEntry] = []
        switch layout {
        case .dsb2018, .cityscapes, .voc:
            preconditionFailure("\(layout.rawValue) is scanned above")
        case .pairs:
            let labelFolder = ["masks", "labels"].first { isDirectory(root + "/" + $0) }
            guard isDirectory(root + "/images"), let labelFolder else {
                throw .missingFolder(path: path + (isDirectory(root + "/images") ? "/masks" : "/images"))
            }
            entries = try pair(root: root, images: "images", labels: labelFolder, split: split)
        case .official:
            for part in Split.allCases
            where FileManager.default.fileExists(atPath: root + "/" + part.rawValue) {
                let folder = part.rawValue
                for sub in ["images", "labels"] where !isDirectory(root + "/" + folder + "/" + sub) {
                    throw .missingFolder(path: path + "/" + folder + "/" + sub)
                }
                entries += try pair(
                    root: root, images: folder + "/images", labels: folder + "/labels", split: part)
            }
        }
        guard !entries.isEmpty else { throw .empty(path: path) }
        return FolderImport(
            root: root, layout: layout, binary: binary, entries: entries, sampleSplit: nil, tiling: nil)
    }

    /// The absolute path of a file named relative to the folder.
    public func absolutePath(_ relative: String) -> String { root + "/" + relative }

    /// Pairs the image files of one folder with the label files of another by stem.
    private static func pair(
        root: String, images: String, labels: String, split: Split
    ) throws(DatasetsError) -> [ImportEntry] {
        let imageFiles = try listing(root: root, folder: images)
        let labelFiles = try listing(root: root, folder: labels)
        for (stem, file) in imageFiles where labelFiles[stem] == nil {
            throw .unpaired(file: root + "/" + file, missing: "label in \(labels)")
        }
        for (stem, file) in labelFiles where imageFiles[stem] == nil {
            throw .unpaired(file: root + "/" + file, missing: "image in \(images)")
        }
        return imageFiles.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }.compactMap
        {
            stem in
            guard let image = imageFiles[stem], let label = labelFiles[stem] else { return nil }
            return ImportEntry(split: split, stem: stem, imagePath: image, labelPath: label)
        }
    }

    /// The names in `directory`, sorted, without hidden ones; a missing folder is an error.
    private static func visibleNames(in directory: String) throws(DatasetsError) -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: directory).sorted().filter {
                !$0.hasPrefix(".")
            }
        } catch {
            throw .missingFolder(path: directory)
        }
    }

    /// The image files of `folder` by stem, as paths relative to `root`; checks containment.
    static func listing(root: String, folder: String) throws(DatasetsError) -> [String: String] {
        var byStem: [String: String] = [:]
        for name in try visibleNames(in: root + "/" + folder) {
            let url = URL(fileURLWithPath: name)
            guard extensions.contains(url.pathExtension.lowercased()) else { continue }
            let relative = folder + "/" + name
            guard try isContainedFile(root: root, relative: relative) else { continue }
            let stem = url.deletingPathExtension().lastPathComponent
            if let other = byStem[stem] {
                throw .duplicateStem(file: root + "/" + relative, other: root + "/" + other)
            }
            byStem[stem] = relative
        }
        return byStem
    }

    /// The files of `folder` whose names end in `suffix` (`_leftImg8bit.png`, `.jpg`), keyed by the
    /// name before the suffix, as paths relative to `root`; hidden files are ignored, containment is
    /// checked.
    static func listing(root: String, folder: String, suffix: String) throws(DatasetsError) -> [String:
        String]
    {
        var byName: [String: String] = [:]
        for name in try visibleNames(in: root + "/" + folder) where name.hasSuffix(suffix) && name != suffix {
            let relative = folder + "/" + name
            guard try isContainedFile(root: root, relative: relative) else { continue }
            byName[String(name.dropLast(suffix.count))] = relative
        }
        return byName
    }

    /// The names of the visible subfolders of `folder` (relative to `root`), sorted bytewise.
    static func subfolders(root: String, folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root + "/" + folder)) ?? []
        return names.filter { !$0.hasPrefix(".") && isDirectory(root + "/" + folder + "/" + $0) }
            .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    /// Whether `relative` names a file (not a folder) inside `root`; a broken link or one that
    /// leads outside the folder is an error.
    static func isContainedFile(root: String, relative: String) throws(DatasetsError) -> Bool {
        let full = root + "/" + relative
        guard let resolved = realPath(full) else {
            throw .unreadable(file: full, reason: "it does not resolve to a file (a broken symbolic link?)")
        }
        guard resolved.hasPrefix(root + "/") else { throw .escapesFolder(file: full, root: root) }
        return !isDirectory(resolved)
    }

    /// The canonical absolute path with every symbolic link resolved, or nil if it does not exist
    /// (a dangling link, say).
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func isDirectory(_ path: String) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
    }
}
