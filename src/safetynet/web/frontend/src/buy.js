// The buy flow: quote → balance check → one EIP-2612 signature + one transaction
// (Cover.buy_cover_with_permit); approve + buy_cover when the wallet cannot sign typed data.
// Every step says where it is in the form's [data-tx-status] region (pending, confirmed,
// failed, with the transaction hash). The ABIs come from the page (the package's shipped ABIs).
import { encodeFunctionData, formatUnits, parseSignature, parseUnits } from "viem";
import { approveIfShort, eventArgs, read, sendAndWait, simulate, status } from "./tx.js";
import { chainTime, config, confirmed, explain, requireReady, signPermit, walletState, worded } from "./wallet.js";

const DAY = 86400n;
const MAX_BPS = 10000n;
const PERMIT_LIFETIME = 1800n; // seconds of chain time the signature stays valid

function units(value, cfg) {
  return `${Number(formatUnits(value, cfg.decimals)).toLocaleString("en-US", { maximumFractionDigits: cfg.decimals })} ${cfg.symbol}`;
}

async function buy(form) {
  const cfg = config();
  requireReady();
  const account = walletState().account;
  const fields = new FormData(form);
  const productId = BigInt(fields.get("product_id"));
  let amount;
  try {
    amount = parseUnits(String(fields.get("amount") || "").trim(), cfg.decimals);
  } catch {
    throw new Error("Enter the amount of cover as a number, e.g. 5 or 1000.50.");
  }
  if (amount <= 0n) throw new Error("Enter an amount of cover above zero.");
  const days = BigInt(fields.get("days") || "0");
  const toleranceBps = BigInt(Math.round(Number(fields.get("tolerance") || "1") * 100));
  const period = days * DAY;

  status(form, "pending", "Getting the price from the contract…");
  let premium;
  try {
    premium = await read(cfg.cover, cfg.abi.cover, "quote", [productId, amount, period]);
  } catch (error) {
    throw worded(`This cover cannot be sold as asked, so nothing was sent. ${explain(error)}`);
  }
  const balance = await read(cfg.asset, cfg.abi.asset, "balanceOf", [account]);
  if (balance < premium) {
    throw new Error(`Your balance is ${units(balance, cfg)}; this cover costs ${units(premium, cfg)}. Nothing was sent.`);
  }
  // The most the contract may take: the quote plus the tolerance, never more than the balance.
  let maxPremium = (premium * (MAX_BPS + toleranceBps) + MAX_BPS - 1n) / MAX_BPS;
  if (maxPremium > balance) maxPremium = balance;

  let buyData;
  let approveFirst = false;
  try {
    const nonce = await read(cfg.asset, cfg.abi.asset, "nonces", [account]);
    const tokenName = await read(cfg.asset, cfg.abi.asset, "name", []);
    const deadline = (await chainTime()) + PERMIT_LIFETIME;
    status(form, "pending", `Sign the permit in your wallet: it lets SafetyNet take at most ${units(maxPremium, cfg)} once.`);
    const signature = await signPermit({ token: cfg.asset, tokenName, spender: cfg.cover, value: maxPremium, nonce, deadline });
    const { r, s, v, yParity } = parseSignature(signature);
    const vByte = v !== undefined ? Number(v) : yParity + 27;
    buyData = encodeFunctionData({
      abi: cfg.abi.cover,
      functionName: "buy_cover_with_permit",
      args: [productId, amount, period, maxPremium, account, deadline, vByte, r, s],
    });
  } catch (error) {
    if (error.code === 4001) throw error; // the user said no: stop here, change nothing
    approveFirst = true; // a wallet without eth_signTypedData_v4: approve + buy, two transactions
  }

  let approved = false;
  if (approveFirst) {
    approved = await approveIfShort(form, "asset", cfg.cover, maxPremium, "Purchase");
    buyData = encodeFunctionData({
      abi: cfg.abi.cover,
      functionName: "buy_cover",
      args: [productId, amount, period, maxPremium, account],
    });
  }
  await simulate(cfg.cover, buyData, "Buying this cover");
  const receipt = await sendAndWait(form, { to: cfg.cover, data: buyData }, approved ? "Purchase (2 of 2)" : "Purchase");
  const bought = eventArgs(receipt, cfg.cover, cfg.abi.cover, "CoverBought");
  const coverId = bought === null ? null : bought.cover_id;
  const paid = bought === null ? null : bought.premium;
  status(
    form,
    "confirmed",
    `Confirmed: cover #${coverId} is yours, ${units(amount, cfg)} for ${days} days. Premium paid: ${units(paid === null ? maxPremium : paid, cfg)}.`,
    receipt.transactionHash,
    coverId === null ? null : { href: `/covers/${coverId}`, text: `See the receipt for cover #${coverId}` },
  );
  confirmed({ hash: receipt.transactionHash, coverId: coverId === null ? null : String(coverId) });
}

document.addEventListener("submit", async (event) => {
  const form = event.target instanceof HTMLFormElement && event.target.matches("[data-buy-form]") ? event.target : null;
  if (!form) return;
  event.preventDefault();
  const button = form.querySelector("button[type=submit]");
  if (button) button.disabled = true;
  try {
    await buy(form);
  } catch (error) {
    status(form, "failed", explain(error), error.hash);
  } finally {
    if (button) button.disabled = false;
  }
});
