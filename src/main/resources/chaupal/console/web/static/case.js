// The case page: shows the photo an official picked for a resolution before it is sent.
document.addEventListener("DOMContentLoaded", function () {
  var input = document.getElementById("resolve-photo");
  var preview = document.getElementById("resolve-preview");
  if (!input || !preview) return;
  input.addEventListener("change", function () {
    var file = input.files && input.files[0];
    if (preview.src) URL.revokeObjectURL(preview.src);
    if (!file || !/^image\/(jpeg|png)$/.test(file.type)) {
      preview.hidden = true;
      preview.removeAttribute("src");
      return;
    }
    preview.src = URL.createObjectURL(file);
    preview.hidden = false;
  });
});
