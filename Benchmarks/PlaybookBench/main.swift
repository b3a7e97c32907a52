// The playbook benchmark of BENCHMARKS.md: where the time of a score run goes, and the Lua
// part against `lua5.4` running the same hooks over the same clients written out as a Lua
// table file.
//
//   PlaybookBench DATABASE [AS_OF] [--playbook DIR] [--lua-file clients.lua]
//
// Reads the database only (nothing is stored).
import Foundation
import KehuCore
import KehuPlaybook
import LuaEngine

var args = Array(CommandLine.arguments.dropFirst())
@MainActor func option(_ name: String) -> String? {
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    defer { args.removeSubrange(i...(i + 1)) }
    return args[i + 1]
}
let playbookPath = option("--playbook")
let luaFile = option("--lua-file") ?? NSTemporaryDirectory() + "kehu-bench-clients.lua"
guard let path = args.first else {
    print("usage: PlaybookBench DATABASE [AS_OF] [--playbook DIR] [--lua-file FILE]")
    exit(2)
}
let asOf = args.count > 1 ? args[1] : "2026-11-25"
let store = try KehuDatabase.open(path: path)
let playbook = try playbookPath.map { try Playbook.load(folder: URL(fileURLWithPath: $0)) }
let session = try PlaybookSession(playbook: playbook, asOf: Day(iso: asOf)!, limits: .unlimited)

func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
func seconds(_ ns: UInt64) -> String { String(format: "%.2f s", Double(ns) / 1e9) }

// The client dump: every field a hook sees, as Lua source (%q keeps floats exact).
let dumper = try session.run("""
    local function ser(v, out)
      local t = type(v)
      if t == "table" then
        out[#out + 1] = "{"
        local keys = {}
        for k in pairs(v) do keys[#keys + 1] = k end
        table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
        for _, k in ipairs(keys) do
          out[#out + 1] = "[" .. string.format("%q", k) .. "]="
          ser(v[k], out)
          out[#out + 1] = ","
        end
        out[#out + 1] = "}"
      else
        out[#out + 1] = string.format("%q", v)
      end
    end
    return function(c) local out = {} ser(c, out) return table.concat(out) end
    """, chunkName: "=dump")
guard case .function(let dump)? = dumper.first else { fatalError("no dumper") }

var build: UInt64 = 0, hooks: UInt64 = 0, dumping: UInt64 = 0
var count = 0
var checksum = 0.0
var quadrants: [String: Int] = [:]
var file = "return {\n"
let t0 = now()
var metricsTime: UInt64 = 0
try store.read { db in
    let m0 = now()
    let metrics = try MetricsEngine.compute(db, asOf: asOf)
    metricsTime = now() - m0
    let byId = Dictionary(uniqueKeysWithValues: metrics.enumerated().map { ($1.clientId, $0) })
    let clients = try ClientHistory.cursor(db, status: "active")
    while let record = try clients.next() {
        let a = now()
        let table = try session.clientTable(record, byId[record.id!].map { metrics[$0] })
        let b = now()
        let (l, _) = try session.loyalty(table, code: record.code)
        let (s, _) = try session.strength(table, code: record.code)
        let (q, _) = try session.quadrant(loyalty: l, strength: s, table, code: record.code)
        let c = now()
        build += b - a
        hooks += c - b
        checksum += l + s
        quadrants[q.rawValue, default: 0] += 1
        count += 1
        let d0 = now()
        if case .string(let text)? = try dump.call([.reference(table)]).first { file += text.description + ",\n" }
        dumping += now() - d0
    }
}
file += "}\n"
try file.write(toFile: luaFile, atomically: true, encoding: .utf8)
let total = now() - t0 - dumping

print("clients: \(count) active, as of \(asOf), playbook \(session.playbook.name) \(session.playbook.version)")
print("metrics pass: \(seconds(metricsTime))")
print("client tables built: \(seconds(build)) (\(String(format: "%.2f", Double(build) / Double(max(count, 1)) / 1000)) µs a client)")
let hostLua = Double(hooks) / 1e9
print(String(format: "host Lua part (loyalty, strength, quadrant calls, parts to JSON): %.3f s (%.2f µs a client)",
             hostLua, hostLua / Double(max(count, 1)) * 1e6))
print("host total without the dump: \(seconds(total)) → \(Int(Double(count) / (Double(total) / 1e9))) clients/s")
print(String(format: "host checksum: loyalty+strength %.6f; key %d, develop %d, watch %d, phase_out %d", checksum,
             quadrants["key"] ?? 0, quadrants["develop"] ?? 0, quadrants["watch"] ?? 0, quadrants["phase_out"] ?? 0))

// The reference: the same hooks in lua5.4 over the dumped clients.
let p = Process()
p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
var refArgs = ["lua5.4", "Benchmarks/lua/score.lua", luaFile, asOf]
if let playbookPath { refArgs += ["--playbook", playbookPath] }
p.arguments = refArgs
let pipe = Pipe()
p.standardOutput = pipe
try p.run()
let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
p.waitUntilExit()
print(output, terminator: "")
if let line = output.split(separator: "\n").first, let r = line.range(of: #"in ([0-9.]+) s"#, options: .regularExpression),
   let ref = Double(line[r].dropFirst(3).dropLast(2)) {
    print(String(format: "ratio host Lua part / lua5.4: %.2f× (bar ≤ 2×)", hostLua / ref))
}
