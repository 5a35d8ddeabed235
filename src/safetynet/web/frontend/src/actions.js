// Account actions (My account, assess, claim pages): one generic transaction form, the
// claim filing flow, and the "go to my page once connected" links. Kept apart from the
// buy flow; uses only the wallet module's exports.
//
// A transaction form: <form data-tx-form data-contract="pool" data-function="deposit"
//   data-args='["{amount}", "{account}"]' data-approve="asset" data-approve-amount="{amount}"
//   data-label="Deposit">. "{name}" is the form's input `name`, parsed with its
//   data-decimals ("1.5" with 6 -> 1500000n); "{account}" the connected account; other
//   strings of digits become integers. data-approve names the token (asset, token) that
//   the contract must be allowed to take first (approve only when the allowance is short).
import { decodeEventLog, decodeFunctionResult, encodeFunctionData, keccak256, parseUnits } from "viem";
import { call, config, confirmed, explain, requireReady, send, waitForReceipt, walletState, worded } from "./wallet.js";

function statusNode(form) {
  return form.querySelector("[data-tx-status]") || document.querySelector("main [data-tx-status]");
}

function status(form, stateName, text, hash, link) {
  const node = statusNode(form);
  if (!node) return;
  node.dataset.state = stateName;
  node.replaceChildren();
  const line = document.createElement("p");
  line.textContent = text;
  node.append(line);
  if (hash) {
    const tx = document.createElement("p");
    tx.className = "mono";
    tx.textContent = `Transaction ${hash}`;
    tx.dataset.txHash = hash;
    node.append(tx);
  }
  if (link) {
    const a = document.createElement("a");
    a.href = link.href;
    a.textContent = link.text;
    a.className = "button";
    node.append(a);
  }
}

async function read(address, abi, functionName, args) {
  const data = encodeFunctionData({ abi, functionName, args });
  return decodeFunctionResult({ abi, functionName, data: await call(address, data) });
}

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

async function sendAndWait(form, tx, what) {
  status(form, "pending", `${what}: confirm in your wallet…`);
  const hash = await send(tx);
  status(form, "pending", `${what}: sent, waiting for it to be mined…`, hash);
  const receipt = await waitForReceipt(hash);
  if (receipt.status !== "0x1") {
    const error = new Error(`${what} failed on chain (reverted).`);
    error.hash = hash;
    throw error;
  }
  return receipt;
}

async function simulate(to, data, what) {
  try {
    await call(to, data);
  } catch (error) {
    throw worded(`${what} would fail, so nothing was sent. ${explain(error)}`);
  }
}

// Before an approval: the call cannot be simulated in full yet (the token would refuse it
// for the allowance), but the contract's own checks come before it takes the tokens. If the
// contract itself refuses ("cover: ...", its revert prefix is the form's data-contract),
// stop here, before anything is approved: a refusal changes nothing.
async function refusedBeforeApproval(to, data, contractKey, what) {
  try {
    await call(to, data);
  } catch (error) {
    const reason = explain(error);
    if (reason.startsWith(`Refused by the contract: ${contractKey}: `)) {
      throw worded(`${what} would fail, so nothing was sent or approved. ${reason}`);
    }
  }
}

async function approveIfShort(form, tokenKey, spender, amount, what) {
  const cfg = config();
  const allowance = await read(cfg[tokenKey], cfg.abi[tokenKey], "allowance", [walletState().account, spender]);
  if (allowance >= amount) return false;
  const data = encodeFunctionData({ abi: cfg.abi[tokenKey], functionName: "approve", args: [spender, amount] });
  await sendAndWait(form, { to: cfg[tokenKey], data }, `${what}: approval (1 of 2)`);
  return true;
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
  let claimId = null;
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== cfg.claims.toLowerCase()) continue;
    try {
      const decoded = decodeEventLog({ abi: cfg.abi.claims, data: log.data, topics: log.topics });
      if (decoded.eventName === "ClaimSubmitted") claimId = decoded.args.claim_id;
    } catch {
      /* another of Claims' events */
    }
  }
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
