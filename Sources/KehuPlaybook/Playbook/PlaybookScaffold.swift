import Foundation

/// `kehu playbook new`: a playbook folder to start from — manifest, hooks, templates, a test
/// and a README — either minimal (one hook, the rest inherited) or a copy of another playbook.
public enum PlaybookScaffold {
    /// Creates `folder` (which must not exist). With `from`, copies that playbook's files and
    /// renames it; otherwise writes a minimal playbook that overrides `quadrant`.
    /// Points the copied tests of the standard playbook at the copy (`require "init"`).
    static func retarget(tests: URL) throws {
        guard FileManager.default.fileExists(atPath: tests.path) else { return }   // a playbook without tests
        let names = try FileManager.default.contentsOfDirectory(atPath: tests.path)
        for name in names where name.hasSuffix(".lua") {
            let url = tests.appendingPathComponent(name)
            let text = try String(contentsOf: url, encoding: .utf8)
            let changed = text.replacing(/require\s*(?:\(\s*["']standard["']\s*\)|["']standard["'])/, with: "require \"init\"")
            if changed != text { try changed.write(to: url, atomically: true, encoding: .utf8) }
        }
    }

    public static func create(at folder: URL, name: String, from source: Playbook? = nil) throws {
        guard !FileManager.default.fileExists(atPath: folder.path) else {
            throw PlaybookError.invalid(folder: folder.path, "\(folder.path) exists already; choose another name or remove it")
        }
        guard name.range(of: #"^[A-Za-z][A-Za-z0-9_-]*$"#, options: .regularExpression) != nil else {
            throw PlaybookError.invalid(folder: folder.path, "a playbook name is letters, digits, '-' and '_', starting with a letter; found \"\(name)\"")
        }
        let fm = FileManager.default
        if let source {
            try fm.copyItem(at: source.folder, to: folder)
            // The copy's tests test the copy: a test of the standard reads its hooks through
            // require "standard", which would keep testing the original when the copy changes.
            if source.name == "standard" { try retarget(tests: folder.appendingPathComponent("tests")) }
            try manifest(name: name, description: "Started from \(source.name) \(source.version).")
                .write(to: folder.appendingPathComponent("manifest.lua"), atomically: true, encoding: .utf8)
        } else {
            try fm.createDirectory(at: folder.appendingPathComponent("messages"), withIntermediateDirectories: true)
            try fm.createDirectory(at: folder.appendingPathComponent("tests"), withIntermediateDirectories: true)
            try manifest(name: name, description: "A dealer's playbook: the standard hooks, with its own quadrant rule.")
                .write(to: folder.appendingPathComponent("manifest.lua"), atomically: true, encoding: .utf8)
            try initLua.write(to: folder.appendingPathComponent("init.lua"), atomically: true, encoding: .utf8)
            try "# Messages of this playbook in Chinese; the rest come from the standard playbook.\n[thanks]\n{contact}您好！感谢您一直以来的支持，有什么需要随时找我。——{owner}\n"
                .write(to: folder.appendingPathComponent("messages/zh.txt"), atomically: true, encoding: .utf8)
            try "# Messages of this playbook in English; the rest come from the standard playbook.\n[thanks]\nHello {contact}, thank you for your support. Call me whenever you need anything. — {owner}\n"
                .write(to: folder.appendingPathComponent("messages/en.txt"), atomically: true, encoding: .utf8)
            try testLua.write(to: folder.appendingPathComponent("tests/hooks_test.lua"), atomically: true, encoding: .utf8)
        }
        try readme(name: name).write(to: folder.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
    }

    static func manifest(name: String, description: String) -> String {
        """
        -- The playbook's identity; every stored run records its name, version and content hash.
        return {
          name = "\(name)",
          version = "0.1.0",
          api = \(Playbook.apiVersion),                  -- the kehu API version it targets
          description = "\(description)",
          author = "",
          permissions = {},         -- hooks return values; they need no permission
        }

        """
    }

    static let initLua = """
        -- Hooks this playbook implements; every hook left out falls back to the standard one.
        -- `require "standard"` gives the standard hooks to call or wrap, and its `settings` to retune.
        local std = require "standard"

        -- Thresholds, with what each means.
        local settings = {
          key_loyalty = 65,   -- loyalty at or above this, with strength at or above key_strength: key
          key_strength = 65,
        }

        local function quadrant(loyalty, strength, c)
          local high_l, high_s = loyalty >= settings.key_loyalty, strength >= settings.key_strength
          if high_l and high_s then return "key" end
          if high_l then return "develop" end
          if high_s then return "watch" end
          return "phase_out"
        end

        return {
          settings = settings,
          quadrant = quadrant,
          -- loyalty = function(c) local score, parts = std.loyalty(c) return score, parts end,
        }

        """

    static let testLua = """
        -- Lua tests: a table of name → function; a test passes when it does not raise.
        -- Run them with: kehu playbook test <folder>
        --
        -- Each test has a database of its own, empty until it declares a dataset with
        -- fixture{ clients = …, contacts = …, orders = …, payments = …, interactions = … }
        -- (the columns of `kehu import`; amounts in yuan). score(code) scores one client as
        -- `kehu score` would; `playbook` holds the hooks; expect.eq / near / truthy / falsy /
        -- at_least / at_most / error report the file, the line and both values.
        local pb = require "init"
        local function ago(n) return kehu.add_days(kehu.today(), -n) end

        return {
          ["high loyalty and strength is key"] = function()
            expect.eq(pb.quadrant(80, 80, {}), "key")
          end,

          ["low loyalty and strength is phase_out"] = function()
            expect.eq(pb.quadrant(10, 10, {}), "phase_out")
          end,

          ["a client with a year of unpaid orders is not key"] = function()
            local orders = {}
            for m = 1, 12 do orders[m] = { client = "C1", date = ago(30 * m), amount = 20000 } end
            fixture {
              clients = { { code = "C1", name = "华东商贸", kind = "channel", credit_limit = 100000,
                            payment_terms_days = 30, since = ago(1000) } },
              orders = orders,
            }
            expect.truthy(kehu.client("C1").metrics.overdue > 0, "C1 owes money past its terms")
            expect.falsy(score("C1").quadrant == "key", "C1 is key")
          end,
        }

        """

    static func readme(name: String) -> String {
        """
        # \(name)

        A Kehu playbook. What each file is for:

        - `manifest.lua`: name, version, the API version it targets.
        - `init.lua`: the hooks (loyalty, strength, quadrant, allocate, followups); any left out come
          from the standard playbook.
        - `messages/zh.txt`, `messages/en.txt`: message templates, `[name]` sections with `{var}`s.
        - `tests/`: Lua tests.

        ```
        kehu playbook check .       # what is wrong, FILE:LINE
        kehu playbook test .        # the tests
        kehu score --playbook . --dry-run
        ```

        The API: `docs/lua-api.md`, or `kehu api --luals > kehu.d.lua` for your editor.

        """
    }
}
