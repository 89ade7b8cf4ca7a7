// Progressive enhancement: a "Copy" button beside each citation. The page
// works without it; the citation text stays selectable.
document.querySelectorAll("[data-copy]").forEach(function (box) {
  if (!navigator.clipboard) return;
  var button = document.createElement("button");
  button.type = "button";
  button.className = "secondary";
  button.textContent = "Copy";
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(box.value || box.textContent).then(function () {
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = "Copy"; }, 2000);
    });
  });
  box.insertAdjacentElement("afterend", button);
});
