/** The widgets' stylesheet: a constant of this file, placed in each widget's shadow root so page CSS cannot leak in. */
export const WIDGET_CSS = `
:host{all:initial}
.o{position:fixed;inset:0;background:rgba(0,0,0,.4);display:flex;align-items:center;justify-content:center;z-index:2147483647}
.w{font:14px/1.4 system-ui,sans-serif;color:#222;background:#fff;box-shadow:0 4px 24px rgba(0,0,0,.25);padding:16px;border-radius:8px;max-width:420px;box-sizing:border-box;position:relative}
.f{position:fixed;z-index:2147483647;margin:16px}
.bar{left:0;right:0;max-width:none;border-radius:0;margin:0;display:flex;flex-wrap:wrap;align-items:center;gap:8px}
.bar p{flex:1 1 240px;margin:0}
.top{top:0}.bottom{bottom:0}.top-left{top:0;left:0}.top-right{top:0;right:0}
.bottom-left{bottom:0;left:0}.bottom-right{bottom:0;right:0}.center{top:50%;left:50%;transform:translate(-50%,-50%);margin:0}
.t{display:block;font-size:16px;margin:0 24px 8px 0}
p{margin:0 0 12px;white-space:pre-line}
.b button,.b a{font:inherit;cursor:pointer;border:1px solid #888;border-radius:4px;padding:6px 12px;margin:0 8px 0 0;background:#f4f4f4;color:#222;text-decoration:none;display:inline-block}
.b .p{background:#1f6feb;border-color:#1f6feb;color:#fff}
.x{position:absolute;top:4px;right:4px;border:0;background:none;font:18px/1 system-ui,sans-serif;cursor:pointer;padding:4px 8px;color:#555}
`;
