// A recording as one self-contained HTML page (no network: the data, the script and the
// styles are inline, so the file opens from disk). Rows: the loop, then a lane per task;
// columns: loop iterations. Each task step is a bar in its iteration's column, coloured by
// how the step ended and labelled with what the task then waits on; callbacks, timers and
// waits are marks on the loop's row. Hovering or clicking a column shows the ready queue
// and the timer heap as they were when that iteration began.
import type { Recording } from "./recorder.js";

const STYLE = `
body{font:13px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d2330;background:#fafbfc}
header{padding:10px 16px;border-bottom:1px solid #dde1e8;background:#fff}
h1{font-size:16px;margin:0 0 4px}
.meta{color:#5b6475}
.legend span{display:inline-block;margin-right:12px}
.sw{display:inline-block;width:12px;height:12px;border-radius:2px;vertical-align:-2px;margin-right:4px}
main{display:flex;align-items:flex-start}
#scroll{overflow:auto;flex:1;max-height:calc(100vh - 80px)}
#grid{position:relative}
.lane{position:absolute;left:0;height:34px;border-bottom:1px solid #eceef2}
.lane .label{position:sticky;left:0;z-index:2;display:inline-block;width:200px;height:33px;padding:2px 8px;box-sizing:border-box;background:#fff;border-right:1px solid #dde1e8;overflow:hidden;white-space:nowrap;text-overflow:ellipsis}
.lane .label small{display:block;color:#6b7385}
.ticks{position:absolute;left:0;top:0;height:34px;background:#f1f3f7;border-bottom:1px solid #dde1e8}
.tick{position:absolute;top:0;height:34px;border-left:1px solid #dde1e8;font-size:11px;padding:2px 4px;box-sizing:border-box;cursor:pointer;overflow:hidden;white-space:nowrap}
.tick small{display:block;color:#6b7385}
.tick.sel,.col.sel{background:rgba(66,133,244,.10)}
.col{position:absolute;top:34px;border-left:1px solid #f0f1f4}
.bar{position:absolute;height:22px;top:5px;border-radius:3px;font-size:11px;line-height:22px;padding:0 4px;box-sizing:border-box;color:#fff;overflow:hidden;white-space:nowrap;text-overflow:ellipsis;cursor:pointer}
.bar.suspended{background:#4a78c2}.bar.ready{background:#7a5cc4}.bar.done{background:#2e9a5c}.bar.cancelled{background:#e08a1e}.bar.error{background:#d23c3c}
.mark{position:absolute;top:8px;height:18px;min-width:14px;font-size:11px;line-height:18px;padding:0 3px;border-radius:3px;box-sizing:border-box;cursor:pointer;white-space:nowrap;overflow:hidden}
.mark.callback{background:#fff3c4;border:1px solid #d9b93a}.mark.timer{background:#e3f2fd;border:1px solid #64a5d8}.mark.wait{background:#eceff3;border:1px dashed #9aa3b2;color:#5b6475}
.spawn{position:absolute;top:12px;width:8px;height:8px;border-radius:50%;background:#9aa3b2}
aside{width:340px;padding:10px 14px;border-left:1px solid #dde1e8;background:#fff;min-height:calc(100vh - 80px);box-sizing:border-box;font-size:12px}
aside h2{font-size:14px;margin:0 0 6px}aside h3{font-size:12px;margin:10px 0 4px;color:#5b6475;text-transform:uppercase;letter-spacing:.04em}
aside ol{margin:0;padding-left:20px}aside li{margin:1px 0;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:11.5px}
.empty{color:#9aa3b2;font-style:italic}
`;

// The page script: plain DOM, no libraries. `D` is the recording.
const SCRIPT = `
(function(){
var D=JSON.parse(document.getElementById('data').textContent);
var COL=100,LABEL=200,ROW=34;
var grid=document.getElementById('grid'),side=document.getElementById('side');
function el(tag,cls,text){var e=document.createElement(tag);if(cls)e.className=cls;if(text!=null)e.textContent=text;return e;}
var cols=D.iterations.length, rows=D.tasks.length+1;
grid.style.width=(LABEL+Math.max(cols,1)*COL)+'px';grid.style.height=((rows+1)*ROW)+'px';
var x=function(i){return LABEL+i*COL;};
var ticks=el('div','ticks');ticks.style.width=grid.style.width;grid.appendChild(ticks);
var lbl=el('div','label');lbl.style.cssText='position:sticky;left:0;display:inline-block;width:200px;height:34px;padding:2px 8px;box-sizing:border-box;background:#f1f3f7;border-right:1px solid #dde1e8;z-index:3';
lbl.innerHTML='<b>iteration</b><small style="display:block;color:#6b7385">loop time</small>';ticks.appendChild(lbl);
var byIter={};function at(i){return byIter[i]||(byIter[i]={steps:[],marks:[]});}
D.steps.forEach(function(s){at(s.iter).steps.push(s);});
D.marks.forEach(function(m){at(m.iter).marks.push(m);});
var taskById={};D.tasks.forEach(function(t){taskById[t.id]=t;});
var colEls=[];
D.iterations.forEach(function(it,k){
  var t=el('div','tick');t.style.left=x(k)+'px';t.style.width=COL+'px';t.dataset.iter=it.i;
  t.textContent='#'+it.i;var sm=el('small',null,'t='+fmt(it.t));t.appendChild(sm);
  t.addEventListener('mouseenter',function(){show(k);});t.addEventListener('click',function(){show(k,true);});
  ticks.appendChild(t);
  var c=el('div','col');c.style.left=x(k)+'px';c.style.width=COL+'px';c.style.height=(rows*ROW)+'px';grid.appendChild(c);colEls.push([t,c]);
});
var colOf={};D.iterations.forEach(function(it,k){colOf[it.i]=k;});
function lane(row,title,sub,attrs){
  var l=el('div','lane');l.style.top=((row+1)*ROW)+'px';l.style.width=grid.style.width;
  for(var a in attrs)l.setAttribute(a,attrs[a]);
  var lab=el('div','label');lab.appendChild(el('b',null,title));lab.appendChild(el('small',null,sub));l.appendChild(lab);grid.appendChild(l);return l;
}
var loopLane=lane(0,'event loop','callbacks · timers · waits',{'data-loop':'1'});
D.tasks.forEach(function(t,r){
  var parent=t.parent?taskById[t.parent]:null;
  var l=lane(r+1,t.name,t.coro+(parent?' · from '+parent.name:''),{'data-task':t.name});
  l.title=t.name+' '+t.coro;
  var k=colOf[t.spawnIter];if(k!=null){var s=el('div','spawn');s.style.left=(x(k)+COL-12)+'px';s.title=t.name+' created in iteration '+t.spawnIter;l.appendChild(s);}
  t._lane=l;
});
Object.keys(byIter).forEach(function(i){
  var k=colOf[i];if(k==null)return;var g=byIter[i];
  g.steps.forEach(function(s){var t=taskById[s.task];if(!t)return;
    var b=el('div','bar '+s.outcome,s.awaited);b.style.left=(x(k)+3)+'px';b.style.width=(COL-6)+'px';
    b.title=t.name+' '+t.coro+'\\nresumed in iteration '+s.iter+'\\nthen: '+s.awaited+'\\n('+s.dur.toFixed(1)+' µs)';
    b.addEventListener('click',function(){show(k,true);});t._lane.appendChild(b);});
  var n=g.marks.length,w=Math.max(14,Math.floor((COL-6)/Math.max(n,1))-2);
  g.marks.forEach(function(m,j){var sym=m.kind==='callback'?'◆ ':m.kind==='timer'?'◇ ':'‖ ';
    var e=el('div','mark '+m.kind,sym+m.label);e.style.left=(x(k)+3+j*(w+2))+'px';e.style.width=w+'px';e.title=m.kind+': '+m.label;
    e.addEventListener('click',function(){show(k,true);});loopLane.appendChild(e);});
});
var pinned=false,cur=-1;
function list(title,items){var h=el('h3',null,title);side.appendChild(h);
  if(!items||!items.length){side.appendChild(el('div','empty','empty'));return;}
  var ol=el('ol');items.forEach(function(s){ol.appendChild(el('li',null,s));});side.appendChild(ol);}
function show(k,pin){
  if(pinned&&!pin)return;if(pin)pinned=true;
  if(cur>=0)colEls[cur].forEach(function(e){e.classList.remove('sel');});cur=k;colEls[k].forEach(function(e){e.classList.add('sel');});
  var it=D.iterations[k];side.innerHTML='';
  side.appendChild(el('h2',null,'Iteration #'+it.i+' · loop time '+fmt(it.t)));
  list('Ready queue (runs in this order)',it.ready);
  list('Timer heap (by when)',it.timers);
  var g=byIter[it.i]||{steps:[],marks:[]};
  var evs=g.steps.map(function(s){return [s.us,taskById[s.task].name+' step → '+s.awaited];}).concat(g.marks.map(function(m){return [m.us,m.kind+': '+m.label];}));
  evs.sort(function(a,b){return a[0]-b[0];});
  list('What ran',evs.map(function(e){return e[1];}));
  if(pin)side.appendChild(el('p','empty','(click another column to move; pinned)'));
}
function fmt(t){return (Math.round(t*1e6)/1e6).toString();}
if(D.iterations.length)show(0);
document.body.setAttribute('data-ready','1');
})();
`;

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
}

export function toHtml(rec: Recording, title: string): string {
  const data = JSON.stringify(rec).replace(/</g, "\\u003c");
  const c = rec.counts;
  const legend = [
    ["#4a78c2", "step, then suspended"],
    ["#7a5cc4", "step, then ready again (sleep(0))"],
    ["#2e9a5c", "step, task returned"],
    ["#e08a1e", "cancelled"],
    ["#d23c3c", "raised"],
  ]
    .map(([col, text]) => `<span><i class="sw" style="background:${col}"></i>${text}</span>`)
    .join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>asyncts trace — ${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<style>${STYLE}</style></head>
<body>
<header><h1>asyncts trace — ${escapeHtml(title)}</h1>
<div class="meta">${c.iterations} loop iterations · ${c.tasks} tasks · ${c.steps} task steps · ${c.callbacks} callbacks · ${c.timers} timers · ${rec.clock} clock${rec.truncated ? ` · details (steps, callbacks) kept for the first ${rec.iterations.length} iterations` : ""}</div>
<div class="legend meta">${legend}<span>◆ callback ran</span><span>◇ timer scheduled</span><span>‖ loop waits</span><span>● task created</span></div></header>
<main><div id="scroll"><div id="grid"></div></div><aside id="side"><p class="empty">Hover or click an iteration to see its ready queue and timer heap.</p></aside></main>
<script type="application/json" id="data">${data}</script>
<script>${SCRIPT}</script>
</body></html>
`;
}
