extension ConsolePage {
    /// Large type and high contrast for elder-care staff.
    static let styles: String = """
<style>
:root { --fg: #111; --muted: #333; --accent: #0b4f9c; --bad: #b00020; --ok: #0a6b2d; --warn: #7a4f00; --line: #555; }
* { box-sizing: border-box; }
body { margin: 0; font: 20px/1.5 "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif; color: var(--fg); background: #fff; }
.en { font-size: .7em; color: var(--muted); font-weight: normal; margin-left: .3em; }
button, input, select { font: inherit; padding: .3em .7em; border: 2px solid var(--fg); border-radius: 6px; background: #fff; color: var(--fg); }
button { background: var(--accent); border-color: var(--accent); color: #fff; font-weight: bold; cursor: pointer; }
button .en, nav button[aria-selected=true] .en, header .en { color: inherit; opacity: .85; }
button.secondary { background: #fff; color: var(--accent); }
button:disabled { opacity: .4; cursor: default; }
:focus-visible { outline: 4px solid #ffb000; outline-offset: 2px; }
[hidden] { display: none !important; }
#banner { position: sticky; top: 0; z-index: 10; margin: 0; padding: .8em 1.2em; border: 4px solid var(--bad); background: #fff0f0; color: var(--bad); font-weight: bold; }
#banner ul { margin: .3em 0 0; font-weight: normal; }
#banner .close { float: right; margin-left: 1em; }
#login { max-width: 28em; margin: 3em auto; padding: 1.5em 2em 2em; border: 3px solid var(--fg); border-radius: 10px; }
#login h1 { margin-top: 0; font-size: 1.6em; }
#login label { display: block; margin: 1em 0 .2em; font-weight: bold; }
#login input, #login button { width: 100%; } #login button { margin-top: 1.4em; padding: .5em; }
header { background: var(--accent); color: #fff; padding: .7em 1.2em; display: flex; flex-wrap: wrap; gap: .4em 1.4em; align-items: center; }
header h1 { margin: 0; font-size: 1.6em; }
header .spacer { flex: 1; }
.tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(8.5em, 1fr)); gap: .6em; padding: 1em 1.2em 0; }
.tile { border: 2px solid var(--line); border-radius: 8px; padding: .3em .7em; }
.tile b { display: block; font-size: 1.6em; }
nav { display: flex; flex-wrap: wrap; gap: .4em; padding: 1em 1.2em 0; border-bottom: 4px solid var(--accent); }
nav button { background: #fff; color: var(--accent); border-radius: 8px 8px 0 0; border-bottom: 0; }
nav button[aria-selected=true] { background: var(--accent); color: #fff; }
main { padding: 1em 1.2em 3em; }
.filters { display: flex; flex-wrap: wrap; gap: .6em 1em; align-items: flex-end; margin-bottom: .8em; }
.filters label { display: flex; flex-direction: column; font-weight: bold; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid var(--line); padding: .3em .5em; text-align: left; vertical-align: top; }
th { background: #e3ebf7; white-space: nowrap; }
tr.clickable { cursor: pointer; }
tr.clickable:hover, tr.clickable:focus { background: #fff3c4; }
tr.down td { background: #fff0f0; }
.pager { display: flex; gap: 1em; align-items: center; margin-top: .8em; }
.bad, .ok, .warn { font-weight: bold; }
.bad { color: var(--bad); } .ok { color: var(--ok); } .warn { color: var(--warn); }
.small { font-size: .8em; color: var(--muted); }
#detail { margin-top: 1.2em; padding: .5em 1.2em 1em; border: 3px solid var(--accent); border-radius: 8px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2em 1em; }
dl.facts dt { font-weight: bold; } dl.facts dd { margin: 0; }
ol.timeline { list-style: none; margin: 0 0 0 .5em; padding: 0; border-left: 4px solid var(--accent); }
ol.timeline li { padding: .2em 0 .6em 1em; }
ol.timeline li.rejected { color: var(--bad); }
</style>
"""
}
