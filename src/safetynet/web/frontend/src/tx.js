// Transaction steps shared by the buy flow (buy.js) and the account actions (actions.js):
// read a view function, say where a form's transaction stands in its [data-tx-status]
// region (pending, confirmed, failed, with the transaction hash), simulate before sending,
// send and wait for the receipt, approve a token only when the allowance is short, and find
// an event in a receipt. Uses only the wallet module's exports.
import { decodeEventLog, decodeFunctionResult, encodeFunctionData } from "viem";
import { call, config, explain, send, waitForReceipt, walletState, worded } from "./wallet.js";

export async function read(address, abi, functionName, args) {
  const data = encodeFunctionData({ abi, functionName, args });
  return decodeFunctionResult({ abi, functionName, data: await call(address, data) });
}

function statusNode(form) {
  return form.querySelector("[data-tx-status]") || document.querySelector("main [data-tx-status]");
}

export function status(form, stateName, text, hash, link) {
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

export async function sendAndWait(form, tx, what) {
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

export async function simulate(to, data, what) {
  try {
    await call(to, data);
  } catch (error) {
    throw worded(`${what} would fail, so nothing was sent. ${explain(error)}`);
  }
}

// Before an approval: the call cannot be simulated in full yet (the token would refuse it
// for the allowance), but the contract's own checks come before it takes the tokens. If the
// contract itself refuses ("cover: ...", its revert prefix is `contractKey`), stop here,
// before anything is approved: a refusal changes nothing.
export async function refusedBeforeApproval(to, data, contractKey, what) {
  try {
    await call(to, data);
  } catch (error) {
    const reason = explain(error);
    if (reason.startsWith(`Refused by the contract: ${contractKey}: `)) {
      throw worded(`${what} would fail, so nothing was sent or approved. ${reason}`);
    }
  }
}

// Approves `spender` to take `amount` of the token config()[tokenKey] when the allowance is
// short (one transaction, "1 of 2"); says whether it sent one.
export async function approveIfShort(form, tokenKey, spender, amount, what) {
  const cfg = config();
  const allowance = await read(cfg[tokenKey], cfg.abi[tokenKey], "allowance", [walletState().account, spender]);
  if (allowance >= amount) return false;
  const data = encodeFunctionData({ abi: cfg.abi[tokenKey], functionName: "approve", args: [spender, amount] });
  await sendAndWait(form, { to: cfg[tokenKey], data }, `${what}: approval (1 of 2)`);
  return true;
}

// The arguments of the event `eventName` that the contract at `address` logged in `receipt`,
// or null when it logged none.
export function eventArgs(receipt, address, abi, eventName) {
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== address.toLowerCase()) continue;
    try {
      const decoded = decodeEventLog({ abi, data: log.data, topics: log.topics });
      if (decoded.eventName === eventName) return decoded.args;
    } catch {
      /* another of the contract's events, not in the ABI the page was given */
    }
  }
  return null;
}
