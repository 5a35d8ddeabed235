// Account actions (My account, assess, claim pages): one generic transaction form, the
// claim filing flow, and the "go to my page once connected" links. Kept apart from the
// buy flow; uses the wallet module and the transaction steps both share (tx.js).
//
// A transaction form: <form data-tx-form data-contract="pool" data-function="deposit"
//   data-args='["{amount}", "{account}"]' data-approve="asset" data-approve-amount="{amount}"
//   data-label="Deposit">. "{name}" is the form's input `name`, parsed with its
//   data-decimals ("1.5" with 6 -> 1500000n); "{account}" the connected account; other
//   strings of digits become integers. data-approve names the token (asset, token) that
//   the contract must be allowed to take first (approve only when the allowance is short).
import { encodeFunctionData, keccak256, parseUnits } from "viem";
import { approveIfShort, eventArgs, read, refusedBeforeApproval, sendAndWait, simulate, status } from "./tx.js";
import { config, confirmed, explain, requireReady, walletState } from "./wallet.js";

function parseInput(form, name) {
  const input = form.elements.namedItem(name);
  if (!input) throw new Error(`This form has no field ${name}.`);
  const text = String(input.value || "").trim().replace(/[,_\s]/g, "");
  const label = (input.labels && input.labels[0] && input.labels[0].textContent) || name;
  let value;
  try {
    value = parseUnits(text, Number(input.dataset.decimals || "0"));
  } catch {
    throw new Error(`${label}: enter a number, e.g. 100 or 2.5.`);
  }
  if (value <= 0n) throw new Error(`${label}: enter an amount above zero.`);
  return value;
}

function resolve(form, value, account) {
  if (Array.isArray(value)) return value.map((v) => resolve(form, v, account));
  if (typeof value !== "string") return value;
  if (value === "{account}") return account;
  const field = value.match(/^\{([a-z_]+)\}$/);
  if (field) return parseInput(form, field[1]);
  if (/^[0-9]+$/.test(value)) return BigInt(value);
  return value;
}

async function runTxForm(form) {
  const cfg = config();
  requireReady();
  const account = walletState().account;
  const key = form.dataset.contract;
  const functionName = form.dataset.function;
  const what = form.dataset.label || functionName;
  const args = resolve(form, JSON.parse(form.dataset.args || "[]"), account);
  const data = encodeFunctionData({ abi: cfg.abi[key], functionName, args });
  let approved = false;
  if (form.dataset.approve) {
    const amount = resolve(form, form.dataset.approveAmount, account);
    await refusedBeforeApproval(cfg[key], data, key, what);
    approved = await approveIfShort(form, form.dataset.approve, cfg[key], amount, what);
  }
  await simulate(cfg[key], data, what);
  const receipt = await sendAndWait(form, { to: cfg[key], data }, approved ? `${what} (2 of 2)` : what);
  status(form, "confirmed", `${what} confirmed.`, receipt.transactionHash);
  confirmed({ hash: receipt.transactionHash, what });
}

// -- filing a claim -----------------------------------------------------------------------

const claimState = { evidence: null };

function chosenCover(form) {
  const select = form.elements.namedItem("cover");
  return select ? select.selectedOptions[0] : null;
}

function incidentTime(form) {
  const input = form.elements.namedItem("incident");
  if (!input || !input.value) return null;
  const ms = new Date(input.value).getTime(); // the picker's value is local time
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
}

// The chain's time now: the page says what it was when served (data-now); the contract
// judges by the chain's clock, which on a test chain may run ahead of the browser's.
function chainNow(form) {
  return Number(form.dataset.now || Date.now() / 1000) + performance.now() / 1000;
}

// Checks the incident time against the chosen cover's window (start < t <= end, not in
// the future) and says it in UTC too; returns an error text or "".
function checkTime(form) {
  const node = form.querySelector("[data-claim-time-check]");
  const option = chosenCover(form);
  const t = incidentTime(form);
  let problem = "";
  if (t === null) problem = "Enter when it happened.";
  else if (option && t <= Number(option.dataset.start)) problem = "That is before the cover started: only losses during the cover are paid.";
  else if (option && t > Number(option.dataset.end)) problem = "That is after the cover ended: only losses during the cover are paid.";
  else if (t > chainNow(form) + 60) problem = "That is in the future.";
  if (node) {
    node.textContent = t === null ? node.textContent : problem || `${new Date(t * 1000).toISOString().slice(0, 16).replace("T", " ")} UTC: within the cover's window.`;
    node.dataset.kind = problem ? "error" : "ok";
  }
  return problem;
}

async function refreshDeposit(form) {
  const out = form.querySelector("[data-claim-deposit]");
  if (!out) return;
  const cfg = config();
  try {
    const amount = parseInput(form, "amount");
    const deposit = await read(cfg.claims, cfg.abi.claims, "deposit_for", [amount]);
    out.textContent = `${Number(deposit) / 10 ** cfg.decimals} ${cfg.symbol}`;
  } catch {
    out.textContent = "—";
  }
}

function updateSubmit(form) {
  const button = form.querySelector("[data-claim-submit]");
  if (button) button.disabled = claimState.evidence === null;
}

async function hashEvidence(form, input) {
  const out = form.querySelector("[data-evidence-hash]");
  claimState.evidence = null;
  const file = input.files && input.files[0];
  if (!file) {
    out.textContent = "choose a file";
  } else {
    out.textContent = "hashing…";
    const bytes = new Uint8Array(await file.arrayBuffer());
    claimState.evidence = keccak256(bytes);
    out.textContent = claimState.evidence;
  }
  updateSubmit(form);
}

async function fileClaim(form) {
  const cfg = config();
  requireReady();
  const account = walletState().account;
  if (account.toLowerCase() !== String(form.elements.namedItem("account").value).toLowerCase()) {
    throw new Error("Your wallet's account is not the one this form is for: open My account from the wallet that holds the cover.");
  }
  const option = chosenCover(form);
  if (!option) throw new Error("Choose the cover.");
  const coverId = BigInt(option.value);
  const amount = parseInput(form, "amount");
  if (amount > BigInt(option.dataset.remaining)) throw new Error("The amount is more than the cover can still pay.");
  const problem = checkTime(form);
  if (problem) throw new Error(problem);
  if (claimState.evidence === null) throw new Error("Choose the evidence file: its hash goes with the claim.");
  const cause = Number(new FormData(form).get("cause"));
  const deposit = await read(cfg.claims, cfg.abi.claims, "deposit_for", [amount]);
  const balance = await read(cfg.asset, cfg.abi.asset, "balanceOf", [account]);
  if (balance < deposit) throw new Error(`The claim needs a deposit of ${Number(deposit) / 10 ** cfg.decimals} ${cfg.symbol}; your balance is lower. Nothing was sent.`);
  const data = encodeFunctionData({
    abi: cfg.abi.claims,
    functionName: "submit_claim",
    args: [coverId, amount, BigInt(incidentTime(form)), cause, claimState.evidence],
  });
  await refusedBeforeApproval(cfg.claims, data, "claims", "This claim");
  const approved = await approveIfShort(form, "asset", cfg.claims, deposit, "Claim");
  await simulate(cfg.claims, data, "This claim");
  const receipt = await sendAndWait(form, { to: cfg.claims, data }, approved ? "Claim (2 of 2)" : "Claim");
  const submitted = eventArgs(receipt, cfg.claims, cfg.abi.claims, "ClaimSubmitted");
  const claimId = submitted === null ? null : submitted.claim_id;
  status(form, "confirmed", `Claim #${claimId} filed with evidence ${claimState.evidence}.`, receipt.transactionHash,
    claimId === null ? null : { href: `/claims/${claimId}`, text: `Follow claim #${claimId}` });
  confirmed({ hash: receipt.transactionHash, claimId: claimId === null ? null : String(claimId) });
}

// -- delegated listeners ------------------------------------------------------------------

document.addEventListener("submit", async (event) => {
  const form = event.target instanceof HTMLFormElement ? event.target : null;
  if (!form || !(form.matches("[data-tx-form]") || form.matches("[data-claim-form]"))) return;
  event.preventDefault();
  const button = form.querySelector("button[type=submit]");
  if (button) button.disabled = true;
  try {
    if (form.matches("[data-claim-form]")) await fileClaim(form);
    else await runTxForm(form);
  } catch (error) {
    status(form, "failed", explain(error), error.hash);
  } finally {
    if (button) button.disabled = form.matches("[data-claim-form]") && claimState.evidence === null;
  }
});

document.addEventListener("change", (event) => {
  const target = event.target;
  const form = target instanceof Element ? target.closest("[data-claim-form]") : null;
  if (!form) return;
  if (target.name === "evidence") hashEvidence(form, target);
  else if (target.name === "incident" || target.name === "cover") checkTime(form);
  else if (target.name === "amount") refreshDeposit(form);
});

// Pages for "your" account say where to go once a wallet is connected:
// <div data-account-redirect="/account/{account}">.
document.body.addEventListener("sn:wallet", (event) => {
  const node = document.querySelector("[data-account-redirect]");
  const account = event.detail && event.detail.account;
  if (!node || !account) return;
  window.location.assign(node.dataset.accountRedirect.replace("{account}", account));
});
