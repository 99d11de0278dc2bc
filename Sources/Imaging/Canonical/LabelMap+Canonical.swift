extension LabelMap {
    /// The canonical `label` encoding (schema/README.md): magic `MSDBLBL1`, width u32, height u32,
    /// then the labels row-major, one byte each (255 = ignored).
    public var canonicalBytes: [UInt8] {
        var writer = CanonicalWriter(magic: "MSDBLBL1", reservingCapacity: labels.count)
        writer.append(UInt32(width))
        writer.append(UInt32(height))
        writer.append(contentsOf: labels)
        return writer.bytes
    }

    /// Decodes the canonical `label` encoding.
    public init(canonicalBytes bytes: [UInt8]) throws(ImagingError) {
        var reader = try CanonicalReader(bytes, magic: "MSDBLBL1", what: "label")
        let (width, height) = try reader.readSize()
        let labels = try reader.readBytes(width * height)
        try reader.finish()
        self.init(width: width, height: height, labels: labels)
    }
}

extension Mask {
    /// A mask is stored as the label map of its 0/1 values.
    public var canonicalBytes: [UInt8] { LabelMap(mask: self).canonicalBytes }
}
