import Foundation
import Imaging
import Reports

/// Small, hand-made report data shaped like the paper's: curves from closed-form expressions (no
/// randomness), masks drawn from circles and rectangles. The snapshots and the notebook check use it.
enum SampleReport {
    static func id(_ prefix: String, _ index: Int) -> String {
        let digits = String(index, radix: 16)
        return prefix + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }

    /// Figure 2: Dice rises towards a plateau that falls with the noise; DeepLabv3+ a little lower.
    /// Dice at the searched threshold sits a little above it (the 0.5 rule is one of its thresholds).
    static var figure2: [Figure2Point] {
        var points: [Figure2Point] = []
        let panels: [(String, String, [Double])] = [
            ("A", "rs", [1, 0.5, 0.3, 0.1]), ("B", "rf", [0, 0.3, 0.45, 0.49]),
        ]
        var run = 0
        for (panel, noise, ratios) in panels {
            for model in ["unet", "deeplabv3plus"] {
                for ratio in ratios {
                    run += 1
                    let plateau =
                        noise == "rs" ? 0.84 - 0.06 * (1 - ratio) : 0.84 - 0.9 * ratio * ratio
                    let speed = noise == "rs" ? 0.25 * ratio + 0.1 : 0.3
                    let offset = model == "unet" ? 0.0 : -0.03
                    for epoch in 1...20 {
                        let dice = max(0, plateau + offset) * (1 - exp(-speed * Double(epoch)))
                        points.append(
                            Figure2Point(
                                panel: panel, model: model, noise: noise, ratio: ratio, epoch: epoch,
                                dice: dice, runID: id("a2", run), diceSearched: searched(dice)))
                    }
                }
            }
        }
        return points
    }

    /// A Dice at the searched threshold for a Dice at 0.5: a little higher, closing part of the gap
    /// to 1.
    static func searched(_ dice: Double) -> Double { dice + 0.2 * (1 - dice) * dice }

    /// Figure 5: A (CL, RF 0.49, RL 0.1), B (CL vs morphology), C (RL Dice and per-step loss), with
    /// Dice at 0.5 and at the searched threshold.
    static var figure5: [Figure5Point] {
        var points: [Figure5Point] = []
        let curves: [(String, String, Double?, Double, Double)] = [
            ("A", "cl", nil, 0.84, 0.3), ("A", "rf", 0.49, 0.62, 0.08), ("A", "rl", 0.1, 0.55, 0.05),
            ("B", "cl", nil, 0.84, 0.3), ("B", "dilate", nil, 0.74, 0.25), ("B", "erode", nil, 0.7, 0.25),
            ("B", "skeleton", nil, 0.58, 0.12),
            ("C", "rl", 0.1, 0.55, 0.05), ("C", "rl", 0.3, 0.5, 0.04), ("C", "rl", 0.5, 0.3, 0.02),
        ]
        for (index, curve) in curves.enumerated() {
            let (panel, noise, ratio, plateau, speed) = curve
            for epoch in 1...20 {
                let dice = plateau * (1 - exp(-speed * Double(epoch)))
                points.append(
                    Figure5Point(
                        panel: panel, noise: noise, ratio: ratio, metric: .dice, x: epoch, value: dice,
                        runID: id("a5", index)))
                points.append(
                    Figure5Point(
                        panel: panel, noise: noise, ratio: ratio, metric: .diceSearched, x: epoch,
                        value: searched(dice), runID: id("a5", index)))
            }
            if panel == "C" {
                for step in 0..<120 {
                    let floor = 0.25 + (ratio ?? 0)
                    let wiggle = 0.02 * sin(Double(step) * 1.7)
                    points.append(
                        Figure5Point(
                            panel: panel, noise: noise, ratio: ratio, metric: .loss, x: step,
                            value: floor + 0.45 * exp(-Double(step) / 25) + wiggle, runID: id("a5", index)))
                }
            }
        }
        return points
    }

    /// A 0/1 mask of a circle inside a rectangle (the toy of Figure 6), `size`×`size`.
    static func toyMask(size: Int) -> Mask {
        var pixels = [UInt8](repeating: 0, count: size * size)
        let center = Double(size) / 2
        for y in 0..<size {
            for x in 0..<size {
                let inRectangle = x >= size / 8 && x < size * 7 / 8 && y >= size / 4 && y < size * 3 / 4
                let dx = Double(x) + 0.5 - center
                let dy = Double(y) + 0.5 - center
                let inCircle = dx * dx + dy * dy < Double(size * size) / 36
                pixels[y * size + x] = inRectangle && !inCircle ? 1 : 0
            }
        }
        return Mask(width: size, height: size, pixels: pixels)
    }

    /// The toy mask with every pixel whose index hashes below `p` flipped (a deterministic stand-in
    /// for random flipping), or, for `independent`, foreground wherever the hash is below `p`.
    static func noisyMask(size: Int, p: Double, independent: Bool) -> Mask {
        let clean = toyMask(size: size)
        var pixels = clean.pixels
        for index in pixels.indices {
            let hash = Double(mix(UInt64(index)) % 1000) / 1000
            if independent {
                pixels[index] = hash < p ? 1 : 0
            } else if hash < p {
                pixels[index] = 1 - pixels[index]
            }
        }
        return Mask(width: size, height: size, pixels: pixels)
    }

    /// A 64-bit integer hash (the SplitMix64 finaliser), so the stand-in noise has no visible pattern.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Figure 4: panel A PCL of the toy (CL, dilation, erosion, skeleton), panel B RL.
    static var figure4: [ImageGridCell] {
        let clean = toyMask(size: 24)
        var cells = [
            ImageGridCell(
                panel: "A", row: 0, col: 0, caption: "CL", artifactID: id("b4", 0),
                image: DisplayImage.mask(clean)),
            ImageGridCell(
                panel: "A", row: 0, col: 1, caption: "dilation", artifactID: id("b4", 1),
                image: DisplayImage.mask(clean.dilated())),
            ImageGridCell(
                panel: "A", row: 0, col: 2, caption: "erosion", artifactID: id("b4", 2),
                image: DisplayImage.mask(clean.eroded())),
            ImageGridCell(
                panel: "A", row: 0, col: 3, caption: "skeleton", artifactID: id("b4", 3),
                image: DisplayImage.mask(clean.skeletonized())),
        ]
        for (index, p) in [0.1, 0.3, 0.5].enumerated() {
            cells.append(
                ImageGridCell(
                    panel: "B", row: 0, col: index, caption: "P = \(p)", artifactID: id("b4", 10 + index),
                    image: DisplayImage.mask(noisyMask(size: 24, p: p, independent: true))))
        }
        return cells
    }

    /// Figure 3: a 2×2 grid of label maps with 3 classes.
    static var figure3: [ImageGridCell] {
        let size = 16
        func scene(_ shift: Int) -> LabelMap {
            LabelMap(
                width: size, height: size,
                labels: (0..<(size * size)).map { index in
                    let x = index % size
                    let y = index / size
                    return UInt8(y < 5 ? 1 : (x + shift) % size < 8 ? 2 : 3)
                })
        }
        return [
            ImageGridCell(
                panel: "A", row: 0, col: 0, caption: "CL", artifactID: id("b3", 0),
                image: DisplayImage.labels(scene(0))),
            ImageGridCell(
                panel: "A", row: 0, col: 1, caption: "RF 0.9", artifactID: id("b3", 1),
                image: DisplayImage.labels(scene(3))),
            ImageGridCell(
                panel: "A", row: 1, col: 0, caption: "pred CL", artifactID: id("b3", 2),
                image: DisplayImage.labels(scene(1))),
            ImageGridCell(
                panel: "A", row: 1, col: 1, caption: "pred RF 0.9", artifactID: id("b3", 3),
                image: DisplayImage.labels(scene(2))),
        ]
    }

    /// The NTM of a clean/noisy pair, rows y (clean), columns y* (noisy), each row summing to 1.
    static func ntm(clean: Mask, noisy: Mask) -> [[Double]] {
        var counts = [[Double]](repeating: [0, 0], count: 2)
        for (y, yStar) in zip(clean.pixels, noisy.pixels) { counts[Int(y)][Int(yStar)] += 1 }
        return counts.map { row in
            let total = row.reduce(0, +)
            return row.map { total > 0 ? $0 / total : 0 }
        }
    }

    /// Figure 6 rows: GT, RF 0.3 (rank 2) and RL 0.5 (rank 1) of a 32×32 toy.
    static func figure6() throws -> (rows: [Figure6Row], figure: LabelMatrixFigure) {
        let size = 32
        let clean = toyMask(size: size)
        let labels: [(String, String, Mask, Int)] = [
            ("cl", "GT", clean, 2),
            ("rf", "RCL (RF 0.3)", noisyMask(size: size, p: 0.3, independent: false), 2),
            ("rl", "RL (P 0.5)", noisyMask(size: size, p: 0.5, independent: true), 1),
        ]
        let truth = try KDEMap.density(of: clean, bandwidth: 3)
        var rows: [Figure6Row] = []
        var figureRows: [LabelMatrixFigure.Row] = []
        for (index, (key, name, mask, rank)) in labels.enumerated() {
            let kde = try KDEMap.density(of: mask, bandwidth: 3)
            let matrix = ntm(clean: clean, noisy: mask)
            rows.append(
                Figure6Row(
                    label: key, rank: rank, ntm: matrix, kdeCorrelation: pearson(kde.values, truth.values),
                    artifactID: id("c6", index)))
            figureRows.append(
                LabelMatrixFigure.Row(
                    name: name, rank: rank, mask: DisplayImage.mask(mask), ntm: matrix, kde: kde,
                    artifactIDs: [id("c6", index)]))
        }
        return (
            rows, LabelMatrixFigure(title: "Figure 6. Toy labels, their NTMs and KDE maps", rows: figureRows)
        )
    }

    static func pearson(_ a: [Double], _ b: [Double]) -> Double {
        let meanA = a.reduce(0, +) / Double(a.count)
        let meanB = b.reduce(0, +) / Double(b.count)
        var covariance = 0.0
        var varianceA = 0.0
        var varianceB = 0.0
        for (x, y) in zip(a, b) {
            covariance += (x - meanA) * (y - meanB)
            varianceA += (x - meanA) * (x - meanA)
            varianceB += (y - meanB) * (y - meanB)
        }
        return covariance / (varianceA * varianceB).squareRoot()
    }

    /// Table 2: seven label kinds, one run each except CL with three.
    static var table2: [Table2Row] {
        let cells: [(String, Double?, [Double])] = [
            ("cl", nil, [0.648, 0.651, 0.645]), ("rs", 0.5, [0.648]), ("rs", 0.3, [0.645]),
            ("rs", 0.1, [0.646]),
            ("rf", 0.5, [0.647]), ("rf", 0.7, [0.646]), ("rf", 0.9, [0.647]),
        ]
        return cells.enumerated().map { index, cell in
            Table2Row(
                dataset: "multiclass", model: "deeplabv3", noise: cell.0, ratio: cell.1,
                miou: RepeatSummary(values: cell.2),
                runIDs: cell.2.indices.map { id("d2", index * 10 + $0) })
        }
    }

    /// Table 3 on ER: supervised and unsupervised methods, iGTT with two repeats.
    static var table3: [Table3Row] {
        let cells: [(String, [Double], [Double], [Double])] = [
            ("unet", [0.8599], [0.98], [0.97]), ("otsu", [0.6947], [], [0.9]),
            ("igtt_ems", [0.79, 0.7868], [0.95, 0.952], [0.93, 0.931]),
        ]
        return cells.enumerated().map { index, cell in
            Table3Row(
                dataset: "er", method: cell.0, dice: RepeatSummary(values: cell.1),
                auc: RepeatSummary(values: cell.2),
                acc: RepeatSummary(values: cell.3), runIDs: cell.1.indices.map { id("d3", index * 10 + $0) },
                diceSearched: RepeatSummary(values: cell.2.isEmpty ? cell.1 : cell.1.map(searched)))
        }
    }
}
