extension KDEMap {
    /// The canonical `kde` encoding (schema/README.md): magic `MSDBKDE1`, width u32, height u32,
    /// bandwidth f64, then the densities row-major as f64.
    public static func canonicalBytes(of density: Plane, bandwidth: Double) -> [UInt8] {
        var writer = CanonicalWriter(magic: "MSDBKDE1", reservingCapacity: density.values.count * 8)
        writer.append(UInt32(density.width))
        writer.append(UInt32(density.height))
        writer.append(bandwidth)
        for value in density.values { writer.append(value) }
        return writer.bytes
    }

    /// Decodes the canonical `kde` encoding into the density plane and its bandwidth.
    public static func decode(canonicalBytes bytes: [UInt8]) throws(ImagingError) -> (
        density: Plane, bandwidth: Double
    ) {
        var reader = try CanonicalReader(bytes, magic: "MSDBKDE1", what: "kde map")
        let (width, height) = try reader.readSize()
        let bandwidth = try reader.readDouble()
        guard reader.remaining == width * height * 8 else {
            throw .invalidContent(reason: "canonical kde map is truncated")
        }
        var values = [Double](repeating: 0, count: width * height)
        for index in values.indices { values[index] = try reader.readDouble() }
        try reader.finish()
        return (Plane(width: width, height: height, values: values), bandwidth)
    }
}
