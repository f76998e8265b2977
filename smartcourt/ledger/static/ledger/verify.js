// 存证核验: hash the chosen file in the browser (WebCrypto) and look the hash up; the file itself is never sent.
// Without WebCrypto (plain-HTTP intranet pages are not a "secure context") the form posts the file and the server
// hashes it without keeping it.
(function () {
  "use strict";
  var form = document.getElementById("ledger-file-form");
  var input = document.getElementById("ledger-file");
  var status = document.getElementById("ledger-file-status");
  var submit = document.getElementById("ledger-file-submit");
  if (!form || !input) return;
  var subtle = window.crypto && window.crypto.subtle;

  function say(text, cls) {
    status.textContent = text;
    status.className = "small mt-2 " + (cls || "");
  }

  function hex(buffer) {
    var bytes = new Uint8Array(buffer), out = "";
    for (var i = 0; i < bytes.length; i++) out += bytes[i].toString(16).padStart(2, "0");
    return out;
  }

  if (!subtle) {
    submit.classList.remove("d-none");  // the server hashes instead
    return;
  }
  input.addEventListener("change", function () {
    var file = input.files && input.files[0];
    if (!file) return;
    say("正在浏览器中计算 SHA-256…（" + file.name + "）", "text-muted");
    file.arrayBuffer().then(function (data) {
      return subtle.digest("SHA-256", data);
    }).then(function (digest) {
      var value = hex(digest);
      say("SHA-256：" + value, "text-muted font-monospace sc-break");
      var field = document.getElementById("ledger-sha256");
      if (field) field.value = value;
      window.location.assign(form.getAttribute("action") + "?sha256=" + value);
    }).catch(function () {
      say("浏览器无法读取该文件，请改用服务器计算。", "text-danger");
      submit.classList.remove("d-none");
    });
  });
}());
