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
pre{background:#fff;border:1px solid #e3e6ea;padding:8px;overflow:auto;max-height:480px;font-size:12px}
pre#trace{white-space:pre-wrap}
pre.diff .del{background:#ffebe9;display:block}pre.diff .add{background:#dafbe1;display:block}
.why{background:#fff8c5;border:1px solid #d4a72c;padding:6px 10px;margin:8px 0}
h2{font-size:15px;margin:18px 0 6px}
`;

export const SCRIPT = `
(function(){
  var body=document.getElementById('messages');if(!body)return;
  var form=document.getElementById('filters');
  function v(n){return form.querySelector('[name='+n+']').value;}
  function q(){var r=v('recipient'),a=v('action'),p=[];if(r)p.push('recipient='+encodeURIComponent(r));if(a)p.push('action='+encodeURIComponent(a));return p.length?'?'+p.join('&'):'';}
  function cell(text,cls){var td=document.createElement('td');td.textContent=text;if(cls)td.className=cls;return td;}
  function row(m){
    var tr=document.createElement('tr');tr.dataset.id=m.id;
    var t=document.createElement('td');var a=document.createElement('a');a.href='/messages/'+m.id;a.textContent=new Date(m.receivedAt).toLocaleTimeString();t.appendChild(a);tr.appendChild(t);
    tr.appendChild(cell(m.flowDirection));tr.appendChild(cell(m.mailFrom||'<>'));tr.appendChild(cell(m.subject));
    var o=document.createElement('td');m.outcomes.forEach(function(x){var s=document.createElement('span');s.className='badge a-'+x.action;s.textContent=x.recipient+': '+x.action;o.appendChild(s);});tr.appendChild(o);
    tr.appendChild(cell(m.fallback?('fallback: '+m.fallback.reason):''));
    return tr;
  }
  function load(){fetch('/api/messages'+q()).then(function(r){return r.json();}).then(function(d){body.textContent='';d.messages.forEach(function(m){body.appendChild(row(m));});});}
  form.addEventListener('input',load);form.addEventListener('change',load);form.addEventListener('submit',function(e){e.preventDefault();load();});
  load();
  var es=new EventSource('/api/events');
  es.addEventListener('message',function(){load();});
})();
`;
