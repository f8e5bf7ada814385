/** The page's stylesheet and script: plain CSS and a little JavaScript, served from the sandbox itself. */
export const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{background:#232f3e;color:#fff;padding:10px 18px;display:flex;gap:16px;align-items:baseline}
header h1{font-size:17px;margin:0}header a{color:#fff}
main{padding:14px 18px}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #e3e6ea;vertical-align:top}
th{background:#eef0f3;font-weight:600}
form.filters{display:flex;gap:10px;margin-bottom:10px}
input,select{font:inherit;padding:3px 6px}
.a-DEFAULT,.a-BYPASS_SPAM_CHECK{color:#116329}.a-MOVE_TO_JUNK{color:#9a6700}.a-DROP{color:#6e7781}.a-BOUNCE{color:#cf222e}
.badge{display:inline-block;padding:0 6px;border-radius:8px;background:#eef0f3;margin-right:4px;font-size:12px}
.badge.async-failed{background:#ffebe9;color:#cf222e;font-weight:600}span.async-failed,li.async-failed{color:#cf222e}
tr.async-failed td:first-child{border-left:3px solid #cf222e}
#live{color:#116329;font-size:12px;align-self:center}#live.off{color:#cf222e}
#summary{margin:0 0 6px;color:#57606a}#empty{color:#57606a}
pre{background:#fff;border:1px solid #e3e6ea;padding:8px;overflow:auto;max-height:480px;font-size:12px}
pre#trace{white-space:pre-wrap}
pre.diff .del{background:#ffebe9;display:block}pre.diff .add{background:#dafbe1;display:block}
.why{background:#fff8c5;border:1px solid #d4a72c;padding:6px 10px;margin:8px 0}
h2{font-size:15px;margin:18px 0 6px}
`;

/**
 * Live updates only: the list is rendered on the server. On each server-sent event (and when the
 * stream (re)connects, so nothing sent meanwhile is missed) and on each filter change, the script
 * fetches the list page again and swaps in its `#list`; it shows when live updates stop.
 */
export const SCRIPT = `
(function(){
  var form=document.getElementById('filters');if(!form||!document.getElementById('list'))return;
  var live=document.getElementById('live');
  function say(t,bad){live.textContent=t;live.className=bad?'off':'';}
  function v(n){return form.querySelector('[name='+n+']').value;}
  function q(){var r=v('recipient'),a=v('action'),p=[];if(r)p.push('recipient='+encodeURIComponent(r));if(a)p.push('action='+encodeURIComponent(a));return p.length?'?'+p.join('&'):'';}
  function local(root){root.querySelectorAll('time[datetime]').forEach(function(t){var d=new Date(t.getAttribute('datetime'));if(!isNaN(d.getTime()))t.textContent=d.toLocaleTimeString();});}
  var seq=0;
  function load(){
    var n=++seq,query=q();
    fetch('/'+query).then(function(r){if(!r.ok)throw new Error('HTTP '+r.status);return r.text();}).then(function(html){
      if(n!==seq)return;
      var next=new DOMParser().parseFromString(html,'text/html').getElementById('list');
      if(!next)throw new Error('no list in the page');
      next=document.adoptNode(next);local(next);document.getElementById('list').replaceWith(next);
      if(location.search!==query)history.replaceState(null,'','/'+query);
    }).catch(function(e){if(n===seq)say('list not updated: '+e.message,true);});
  }
  form.addEventListener('input',load);form.addEventListener('change',load);form.addEventListener('submit',function(e){e.preventDefault();load();});
  local(document);
  var es=new EventSource('/api/events');
  es.addEventListener('open',function(){say('live');load();});
  es.addEventListener('message',load);
  es.addEventListener('error',function(){say('live updates stopped: reconnecting (reload the page to see new messages)',true);});
})();
`;
