// The shop's script, after the page kit's (kit.js) and the admin's (admin.js, for pages that
// follow an order): the basket, kept in the browser's localStorage under the shopper's key
// (body[data-basket-key]) until checkout. "Add to basket" takes the price form's choices; the
// basket page asks the connector for each line's price again (live, for this shopper) and
// puts the lines into the checkout form as hidden fields, which kit.js sends with the rest.
(() => {
  "use strict";
  const kit = window.PageKit;
  kit.configure({flashKey: "connector-shop-flash", server: "The connector"});

  function key() {
    return document.body.dataset.basketKey;
  }

  function load() {
    try {
      const lines = JSON.parse(localStorage.getItem(key()) || "[]");
      return Array.isArray(lines) ? lines : [];
    } catch (error) {
      return [];
    }
  }

  function save(lines) {
    localStorage.setItem(key(), JSON.stringify(lines));
    count();
  }

  function count() {
    const badge = document.getElementById("basket-count");
    if (badge) badge.textContent = String(load().reduce((sum, line) => sum + 1, 0));
  }

  function chosen(form) {
    const variant = form.querySelector("select[name=variant_id]");
    const quantity = form.querySelector("[name=quantity]");
    const values = [];
    const options = [];
    for (const select of form.querySelectorAll("select[name=attribute_value_ids]")) {
      if (select.value === "") continue;
      values.push(Number(select.value));
      options.push(`${select.dataset.attribute}: ${select.selectedOptions[0].textContent}`);
    }
    const amount = Number(quantity.value.trim());
    return {
      variant_id: Number(variant.value),
      product: `${form.closest("main").querySelector("h1").textContent} — ${variant.selectedOptions[0].dataset.label}`,
      quantity: amount,
      attribute_value_ids: values,
      options: options.join(", "),
      valid: Number.isInteger(amount) && amount >= 1,
    };
  }

  function addToBasket(button) {
    const form = document.getElementById(button.dataset.form);
    const note = document.getElementById("basket-note");
    const line = chosen(form);
    const slot = form.querySelector('[data-error-for="quantity"]');
    if (!line.valid) {
      note.hidden = true;
      slot.textContent = "A whole number of at least 1, to add to the basket.";
      return;
    }
    slot.textContent = "";
    delete line.valid;
    save(load().concat([line]));
    note.textContent = `Added ${line.quantity} × ${line.product} to the basket.`;
    note.hidden = false;
  }

  function hidden(form, name, value, type) {
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = String(value);
    input.dataset.type = type;
    if (type === "checklist") input.dataset.item = "number";
    input.dataset.basketField = "";
    form.append(input);
  }

  function fillCheckout(lines) {
    const form = document.getElementById("checkout-form");
    if (!form) return;
    for (const input of form.querySelectorAll("[data-basket-field]")) input.remove();
    lines.forEach((line, index) => {
      hidden(form, `lines[${index}].variant_id`, line.variant_id, "number");
      hidden(form, `lines[${index}].quantity`, line.quantity, "number");
      hidden(form, `lines[${index}].attribute_value_ids`, "", "checklist");
      for (const id of line.attribute_value_ids) hidden(form, `lines[${index}].attribute_value_ids`, id, "checklist");
    });
    form.querySelector("button[type=submit]").disabled = lines.length === 0;
  }

  async function priceOf(box, line, cell) {
    try {
      const response = await fetch(box.dataset.priceUrl, {
        method: "POST",
        headers: {"Content-Type": "application/json", "Accept": "application/json"},
        body: JSON.stringify({variant_id: line.variant_id, quantity: line.quantity,
          attribute_value_ids: line.attribute_value_ids, customer_id: Number(box.dataset.customerId)}),
      });
      const answer = await response.json().catch(() => ({}));
      if (!response.ok) {
        cell.textContent = `Cannot price this line: ${answer.message || `HTTP ${response.status}`}`;
        cell.className = "error";
      } else if (answer.price === null || answer.price === undefined) {
        cell.textContent = `Please call for price. ${answer.reason || ""}`.trim();
      } else {
        cell.textContent = `${kit.text(answer.price, "money")} ${answer.currency || ""}`.trim();
      }
    } catch (error) {
      cell.textContent = `The connector did not answer: ${error.message}`;
      cell.className = "error";
    }
  }

  function showBasket(box) {
    const lines = load();
    const table = document.getElementById("basket-lines");
    const body = table.querySelector("tbody");
    const row = document.getElementById("basket-row");
    document.getElementById("basket-empty").hidden = lines.length > 0;
    table.hidden = lines.length === 0;
    body.replaceChildren(...lines.map((line, index) => {
      const copy = row.content.cloneNode(true);
      copy.querySelector('[data-cell="product"]').textContent = line.product;
      copy.querySelector('[data-cell="options"]').textContent = line.options || "—";
      copy.querySelector('[data-cell="quantity"]').textContent = String(line.quantity);
      priceOf(box, line, copy.querySelector('[data-cell="price"]'));
      copy.querySelector("[data-remove]").addEventListener("click", () => {
        save(load().filter((item, at) => at !== index));
        showBasket(box);
      });
      return copy;
    }));
    fillCheckout(lines);
  }

  // An order placed empties the basket; kit.js then goes to the order's page.
  document.addEventListener("pagekit:done", (event) => {
    if (event.target.id === "checkout-form") save([]);
  });

  document.addEventListener("click", (event) => {
    const button = event.target.closest("#add-to-basket");
    if (button) addToBasket(button);
  });
  document.addEventListener("DOMContentLoaded", () => {
    if (!key()) return;
    count();
    const box = document.getElementById("basket");
    if (box) showBasket(box);
  });
})();
