// ruextract document view: clicking lights up an entity's mentions; the legend's boxes filter.
// Plain DOM code, no library; every text shown is set with textContent (never parsed as HTML).
(function () {
  "use strict";

  function pick(root, attribute, value) {
    return root.querySelectorAll("[" + attribute + '="' + CSS.escape(value) + '"]');
  }

  function line(info, label, text, onClick) {
    var p = document.createElement("p");
    var b = document.createElement("b");
    b.textContent = label + " ";
    p.appendChild(b);
    var span = document.createElement("span");
    span.textContent = text;
    if (onClick) {
      span.className = "link";
      span.addEventListener("click", onClick);
    }
    p.appendChild(span);
    info.appendChild(p);
  }

  function init(root) {
    if (root.dataset.ready) {
      return;
    }
    root.dataset.ready = "1";
    var lit = [];
    var info = root.querySelector(".info");

    function light(nodes, scroll) {
      lit.forEach(function (node) { node.classList.remove("lit"); });
      lit = Array.prototype.slice.call(nodes);
      lit.forEach(function (node) { node.classList.add("lit"); });
      var first = lit.filter(function (node) { return node.classList.contains("m"); })[0];
      if (scroll && first) {
        first.scrollIntoView({ block: "center" });
        first.classList.remove("flash");
        void first.offsetWidth;
        first.classList.add("flash");
      }
    }

    function lightEntity(attribute, value, scroll) {
      light(pick(root, attribute, value), scroll);
    }

    function entityName(attribute, value) {
      var item = root.querySelector("li[" + attribute + '="' + CSS.escape(value) + '"]');
      return item ? item.textContent.replace(/\s+/g, " ").trim() : value;
    }

    function describe(mark) {
      if (!info) {
        return;
      }
      var d = mark.dataset;
      info.textContent = "";
      var caseMarks = pick(root, "data-case", d.case);
      var pred = null;
      var gold = null;
      caseMarks.forEach(function (node) {
        if (!node.classList.contains("m") || node.classList.contains("cont")) {
          return;
        }
        if (node.dataset.side !== "gold") { pred = node; }
        if (node.dataset.side !== "pred") { gold = node; }
      });
      if (pred) {
        line(info, "predicted", pred.dataset.type + " «" + pred.textContent + "» → " + pred.dataset.value);
      }
      if (gold) {
        line(info, "gold", gold.dataset.goldType + " «" + gold.textContent + "» → " + gold.dataset.goldValue);
      }
      if (d.status) {
        line(info, "status", d.status.replace("_", " "));
      }
      if (pred && pred.dataset.entity) {
        var e = pred.dataset.entity;
        line(info, "entity", entityName("data-entity", e), function () { lightEntity("data-entity", e, true); });
      }
      if (pred && pred.dataset.corpusEntity) {
        var c = pred.dataset.corpusEntity;
        line(info, "corpus entity", entityName("data-corpus-entity", c), function () {
          lightEntity("data-corpus-entity", c, true);
        });
      }
    }

    root.addEventListener("click", function (event) {
      var target = event.target.closest(".m, li[data-entity], li[data-corpus-entity], tr[data-case]");
      if (!target || !root.contains(target)) {
        return;
      }
      if (target.classList.contains("m")) {
        describe(target);
        if (target.dataset.entity) {
          lightEntity("data-entity", target.dataset.entity, false);
        } else {
          lightEntity("data-case", target.dataset.case, false);
        }
      } else if (target.dataset.case !== undefined) {
        var mark = root.querySelector('.m[data-case="' + CSS.escape(target.dataset.case) + '"]');
        if (mark) {
          describe(mark);
        }
        lightEntity("data-case", target.dataset.case, true);
      } else if (target.dataset.corpusEntity !== undefined) {
        lightEntity("data-corpus-entity", target.dataset.corpusEntity, true);
      } else {
        lightEntity("data-entity", target.dataset.entity, true);
      }
    });

    function setHidden(name, hidden) {
      root.classList.toggle("hide-" + name, hidden);
      root.querySelectorAll('input[data-hide="' + name + '"]').forEach(function (box) {
        box.checked = !hidden;
      });
    }

    root.addEventListener("change", function (event) {
      var box = event.target;
      if (box.dataset.hide) {
        setHidden(box.dataset.hide, !box.checked);
        var only = root.querySelector("input.only-errors");
        if (only && box.dataset.hide === "s-right") {
          only.checked = !box.checked;
        }
      } else if (box.classList.contains("only-errors")) {
        setHidden("s-right", box.checked);
      }
    });

    var target = window.location.hash && root.querySelector(window.location.hash.replace(/[^#\w-]/g, ""));
    if (target && target.classList.contains("m")) {
      describe(target);
      lightEntity("data-case", target.dataset.case, true);
    }
  }

  document.querySelectorAll(".rx").forEach(init);
})();
