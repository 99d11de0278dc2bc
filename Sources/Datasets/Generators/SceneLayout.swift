internal import Foundation
internal import Imaging
internal import RandomStreams

/// The unwarped class map of one street scene (see `SceneGenerator`). Objects are painted back to
/// front, so nearer ones cover farther ones; every optional object consumes its draws whether or not
/// it is present, so one object's presence never shifts another's geometry.
struct SceneLayout {
    typealias Class = SceneGenerator.Class

    let width: Int
    let height: Int
    private(set) var labels: LabelMap
    private var draws: RandomStream
    private let w: Double
    private let h: Double
    private var horizonBase = 0.0
    private var waves: [Double] = []
    private var vanishing = 0.0
    private var roadCentre = 0.0
    private var roadHalfWidth = 0.0
    private var sidewalkWidth = 0.0

    init(width: Int, height: Int, stream: RandomStream) {
        self.width = width
        self.height = height
        labels = LabelMap(
            width: width, height: height,
            labels: [UInt8](repeating: Class.sky.rawValue, count: width * height))
        draws = stream
        w = Double(width)
        h = Double(height)
    }

    /// Paints the whole scene.
    mutating func draw() {
        ground()
        buildings()
        trees()
        fenceAndTrain()
        poles()
        people()
        vehicles()
    }

    /// The horizon's height at column `x`: piecewise linear through 8 random offsets.
    private func horizon(_ x: Double) -> Double {
        let position = min(max(x / max(w - 1, 1), 0), 1) * 7
        let cell = min(Int(position), 6)
        let t = position - Double(cell)
        return horizonBase + waves[cell] * (1 - t) + waves[cell + 1] * t
    }

    /// The road's centre line at perspective depth `t` (0 at the horizon, 1 at the bottom row).
    private func centre(_ t: Double) -> Double { vanishing + (roadCentre - vanishing) * t }

    /// The perspective depth of row `y`.
    private func depth(_ y: Double) -> Double { (y - horizonBase) / max(h - horizonBase, 1) }

    /// The row at perspective depth `t`.
    private func row(_ t: Double) -> Double { horizonBase + t * (h - horizonBase) }

    private mutating func ground() {
        horizonBase = draws.uniform(0.38, 0.5) * h
        waves = (0..<8).map { _ in draws.uniform(-0.04, 0.04) * h }
        vanishing = draws.uniform(0.4, 0.6) * w
        roadHalfWidth = draws.uniform(0.25, 0.38) * w
        sidewalkWidth = draws.uniform(0.1, 0.18) * w
        roadCentre = draws.uniform(0.4, 0.6) * w
        for y in 0..<height {
            for x in 0..<width where Double(y) >= horizon(Double(x)) {
                let t = max(depth(Double(y)), 0)
                let offset = abs(Double(x) - centre(t))
                let value: Class =
                    offset < roadHalfWidth * t
                    ? .road : offset < (roadHalfWidth + sidewalkWidth) * t ? .sidewalk : .terrain
                labels[x, y] = value.rawValue
            }
        }
    }

    /// Tall buildings and low walls standing on the horizon.
    private mutating func buildings() {
        for index in 0..<7 {
            let isWall = index >= 5
            let present = draws.nextBool(probability: isWall ? 0.6 : 0.8)
            let left = draws.uniform(-0.1, 0.9) * w
            let span = draws.uniform(0.1, 0.3) * w
            let rise = (isWall ? draws.uniform(0.04, 0.09) : draws.uniform(0.12, 0.3)) * h
            guard present else { continue }
            let base = horizonBase + 0.02 * h
            fill(isWall ? .wall : .building) { x, y in
                x >= left && x <= left + span && y >= base - rise && y <= base
            }
        }
    }

    /// Tree crowns (ellipses) around the horizon.
    private mutating func trees() {
        for _ in 0..<4 {
            let present = draws.nextBool(probability: 0.85)
            let cx = draws.uniform(0, 1) * w
            let cy = horizonBase + draws.uniform(-0.12, 0.02) * h
            let a = draws.uniform(0.06, 0.14) * w
            let b = draws.uniform(0.06, 0.14) * h
            guard present else { continue }
            fill(.vegetation) { x, y in
                let u = (x - cx) / a
                let v = (y - cy) / b
                return u * u + v * v <= 1
            }
        }
    }

    /// A fence along the horizon and, sometimes, a train passing behind the road's far end.
    private mutating func fenceAndTrain() {
        let fencePresent = draws.nextBool(probability: 0.7)
        let fenceLeft = draws.uniform(-0.1, 0.7) * w
        let fenceSpan = draws.uniform(0.2, 0.4) * w
        let fenceRise = draws.uniform(0.04, 0.07) * h
        let trainPresent = draws.nextBool(probability: 0.4)
        let trainLeft = draws.uniform(-0.2, 0.5) * w
        let trainSpan = draws.uniform(0.35, 0.6) * w
        let trainRise = draws.uniform(0.08, 0.12) * h
        if trainPresent {
            let base = horizonBase + 0.01 * h
            fill(.train) { x, y in
                x >= trainLeft && x <= trainLeft + trainSpan && y >= base - trainRise && y <= base
            }
        }
        if fencePresent {
            let base = horizonBase + 0.03 * h
            let geometry = self  // the closure reads the road's geometry while `fill` paints
            fill(.fence) { x, y in
                let t = max(geometry.depth(y), 0)
                return x >= fenceLeft && x <= fenceLeft + fenceSpan && y >= base - fenceRise && y <= base
                    && abs(x - geometry.centre(t)) > geometry.roadHalfWidth * t + 1
            }
        }
    }

    /// Poles at the sidewalks' outer edge, each carrying a traffic sign or a traffic light.
    private mutating func poles() {
        for _ in 0..<3 {
            let present = draws.nextBool(probability: 0.8)
            let t = draws.uniform(0.25, 0.8)
            let right = draws.nextBool(probability: 0.5)
            let carriesLight = draws.nextBool(probability: 0.5)
            guard present else { continue }
            let base = row(t)
            let side = (roadHalfWidth + 0.8 * sidewalkWidth) * t
            let x0 = centre(t) + (right ? side : -side)
            let halfWidth = max(0.018 * w * (0.5 + t), 0.8)
            let top = base - (0.3 + 0.25 * t) * h
            fill(.pole) { x, y in abs(x - x0) <= halfWidth && y >= top && y <= base }
            if carriesLight {
                let lightHalf = max(0.03 * w * (0.5 + t), 1)
                let lightHeight = 0.09 * h * (0.5 + t)
                fill(.trafficLight) { x, y in
                    abs(x - x0) <= lightHalf && y >= top && y <= top + lightHeight
                }
            } else {
                let signHalf = max(0.05 * w * (0.5 + t), 1.5)
                fill(.trafficSign) { x, y in
                    abs(x - x0) <= signHalf && y >= top && y <= top + 1.6 * signHalf
                }
            }
        }
    }

    /// People on the sidewalks, drawn from far to near.
    private mutating func people() {
        var standing: [(t: Double, x: Double)] = []
        for _ in 0..<4 {
            let present = draws.nextBool(probability: 0.7)
            let t = draws.uniform(0.3, 0.95)
            let across = draws.uniform(0.15, 0.85)
            let right = draws.nextBool(probability: 0.5)
            guard present else { continue }
            let side = (roadHalfWidth + across * sidewalkWidth) * t
            standing.append((t, centre(t) + (right ? side : -side)))
        }
        for person in standing.sorted(by: { $0.t < $1.t }) {
            figure(.person, x: person.x, feet: row(person.t), t: person.t)
        }
    }

    /// A standing figure: an ellipse for the body, `0.16·h·t` tall.
    private mutating func figure(_ value: Class, x cx: Double, feet: Double, t: Double) {
        let a = max(0.028 * w * t, 1)
        let b = 0.08 * h * t
        let cy = feet - b
        fill(value) { x, y in
            let u = (x - cx) / a
            let v = (y - cy) / b
            return u * u + v * v <= 1
        }
    }

    /// Vehicles on the road, drawn from far to near; two-wheelers carry a rider.
    private mutating func vehicles() {
        let kinds: [(Class, halfWidth: Double, height: Double)] = [
            (.car, 0.09, 0.1), (.car, 0.09, 0.1), (.truck, 0.11, 0.17), (.bus, 0.13, 0.2),
            (.motorcycle, 0.035, 0.06), (.bicycle, 0.03, 0.06),
        ]
        var placed: [(t: Double, x: Double, kind: Int)] = []
        for _ in 0..<4 {
            let present = draws.nextBool(probability: 0.8)
            let t = draws.uniform(0.25, 0.9)
            let across = draws.uniform(-0.6, 0.6)
            let kind = min(Int(draws.uniform(0, Double(kinds.count))), kinds.count - 1)
            guard present else { continue }
            placed.append((t, centre(t) + across * roadHalfWidth * t, kind))
        }
        for vehicle in placed.sorted(by: { $0.t < $1.t }) {
            let (value, halfWidthFraction, heightFraction) = kinds[vehicle.kind]
            let bottom = row(vehicle.t)
            let halfWidth = max(halfWidthFraction * w * vehicle.t, 1)
            let top = bottom - heightFraction * h * vehicle.t
            fill(value) { x, y in abs(x - vehicle.x) <= halfWidth && y <= bottom && y >= top }
            if value == .motorcycle || value == .bicycle {
                figure(.rider, x: vehicle.x, feet: top + 0.3 * (bottom - top), t: vehicle.t)
            }
        }
    }

    private mutating func fill(_ value: Class, where inside: (Double, Double) -> Bool) {
        for y in 0..<height {
            for x in 0..<width where inside(Double(x), Double(y)) { labels[x, y] = value.rawValue }
        }
    }
}
