// The wallet module: the only code in the app that talks to a wallet.
//
// - finds wallets by EIP-6963 (announce/request events), with window.ethereum as fallback;
// - connects (eth_requestAccounts), follows accountsChanged / chainChanged;
// - says when the wallet is on another chain and offers to switch (wallet_switchEthereumChain);
// - sends transactions, signs EIP-2612 permits (eth_signTypedData_v4), waits for receipts;
// - after a confirmed transaction, fires `sn:tx-confirmed` on <body>: fragments that show
//   chain state refresh with hx-trigger="sn:tx-confirmed from:body".
// The page says which chain and contracts to use in <script id="sn-config" type="application/json">.
// Listeners are delegated from document, because htmx swaps replace nodes.

const state = {
  providers: [], // EIP-6963 announcements: {info, provider}
  provider: null,
  account: null,
  chainId: null,
};

export function config() {
  const node = document.getElementById("sn-config");
  return node ? JSON.parse(node.textContent) : {};
}

export function walletState() {
  return state;
}

// -- discovery --------------------------------------------------------------------------

window.addEventListener("eip6963:announceProvider", (event) => {
  const detail = event.detail;
  if (!detail || !detail.provider || !detail.info) return;
  if (state.providers.some((p) => p.info.uuid === detail.info.uuid)) return;
  state.providers.push(detail);
});

function discover() {
  window.dispatchEvent(new Event("eip6963:requestProvider"));
  if (state.providers.length > 0) return state.providers[0].provider;
  return window.ethereum || null;
}

// -- errors in words --------------------------------------------------------------------

const REVERT = /\b((?:cover|pool|claims|parametric|erc20|erc721|erc4626|ecdsa): [a-z0-9][^"'\n]*)/;

export function explain(error) {
  if (!error) return "Something went wrong.";
  if (error.worded) return error.message; // already said in full (see worded below)
  if (error.code === 4001) {
    return "You declined the request in your wallet. Nothing was signed or sent, and nothing changed.";
  }
  if (error.code === 4100) return "Your wallet has not given this site access to the account: connect first.";
  if (error.code === 4902) return "Your wallet does not know this network yet.";
  const text = [error.message, error.data && JSON.stringify(error.data), error.cause && error.cause.message]
    .filter(Boolean)
    .join(" ");
  const match = text.match(REVERT);
  if (match) return `Refused by the contract: ${match[1].replace(/[.\s]+$/, "")}.`;
  return error.message || String(error);
}

// An error whose message says what happened in full (e.g. "Buying this cover would fail, so
// nothing was sent. Refused by the contract: ..."): explain() shows it as it is.
export function worded(text) {
  const error = new Error(text);
  error.worded = true;
  return error;
}

// -- connection -------------------------------------------------------------------------

function render() {
  const cfg = config();
  const wrong = state.account !== null && state.chainId !== null && state.chainId !== cfg.chainId;
  document.body.dataset.wallet = state.account === null ? "disconnected" : wrong ? "wrong-network" : "connected";
  for (const node of document.querySelectorAll("[data-wallet-account]")) {
    node.textContent = state.account ? `${state.account.slice(0, 6)}…${state.account.slice(-4)}` : "";
    node.title = state.account || "";
  }
  const banner = document.getElementById("network-banner");
  if (banner) banner.hidden = !wrong;
  for (const node of document.querySelectorAll("[data-wallet-chain]")) {
    node.textContent = state.chainId === null ? "" : String(state.chainId);
  }
  document.body.dispatchEvent(new CustomEvent("sn:wallet", { bubbles: true, detail: { ...state } }));
}

export async function connect() {
  const provider = discover();
  if (!provider) {
    throw new Error("No wallet found in this browser. Install a wallet extension (or open the page in a wallet's browser), then reload.");
  }
  const accounts = await provider.request({ method: "eth_requestAccounts" });
  state.provider = provider;
  state.account = accounts && accounts.length ? accounts[0] : null;
  state.chainId = Number(await provider.request({ method: "eth_chainId" }));
  if (provider.on && !provider.__snFollowed) {
    provider.__snFollowed = true;
    provider.on("accountsChanged", (list) => {
      state.account = list && list.length ? list[0] : null;
      render();
    });
    provider.on("chainChanged", (id) => {
      state.chainId = Number(id);
      render();
    });
  }
  render();
  return state.account;
}

export async function switchNetwork() {
  const cfg = config();
  const chainId = `0x${cfg.chainId.toString(16)}`;
  try {
    await state.provider.request({ method: "wallet_switchEthereumChain", params: [{ chainId }] });
  } catch (error) {
    if (error.code !== 4902 || !cfg.rpcUrl) throw error;
    await state.provider.request({
      method: "wallet_addEthereumChain",
      params: [{ chainId, chainName: cfg.chainName, rpcUrls: [cfg.rpcUrl], nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 } }],
    });
  }
  state.chainId = Number(await state.provider.request({ method: "eth_chainId" }));
  render();
}

export function requireReady() {
  if (!state.provider || !state.account) throw new Error("Connect your wallet first.");
  if (state.chainId !== config().chainId) {
    throw new Error(`Your wallet is on another network (chain ${state.chainId}): switch to ${config().chainName} first.`);
  }
}

// -- calls, transactions, receipts, permits -----------------------------------------------

export function request(method, params = []) {
  return state.provider.request({ method, params });
}

export async function call(to, data) {
  return request("eth_call", [{ from: state.account, to, data }, "latest"]);
}

// The gas a transaction gets: the node's estimate with headroom (x 5/4 + 20,000, as the SDK
// gives its own): the premium book's catch-up work grows with the time the transaction is
// mined at (it may cross a day boundary), so an exact estimate can run out of gas on chain.
const GAS_PAD_NUM = 5n;
const GAS_PAD_DEN = 4n;
const GAS_PAD_ADD = 20000n;

export async function send(tx) {
  const full = { from: state.account, ...tx };
  const estimate = BigInt(await request("eth_estimateGas", [full]));
  const gas = (estimate * GAS_PAD_NUM) / GAS_PAD_DEN + GAS_PAD_ADD;
  return request("eth_sendTransaction", [{ ...full, gas: `0x${gas.toString(16)}` }]);
}

export async function waitForReceipt(hash, { timeoutMs = 120000, everyMs = 400 } = {}) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const receipt = await request("eth_getTransactionReceipt", [hash]);
    if (receipt) return receipt;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(`No receipt for ${hash} after ${timeoutMs / 1000} s: the transaction may still be pending; check your wallet.`);
}

export async function chainTime() {
  const block = await request("eth_getBlockByNumber", ["latest", false]);
  return BigInt(block.timestamp);
}

// EIP-2612 permit over the asset's EIP-712 domain (version "1", as the contracts' snekmate ERC-20).
export async function signPermit({ token, tokenName, spender, value, nonce, deadline }) {
  const typed = {
    types: {
      EIP712Domain: [
        { name: "name", type: "string" },
        { name: "version", type: "string" },
        { name: "chainId", type: "uint256" },
        { name: "verifyingContract", type: "address" },
      ],
      Permit: [
        { name: "owner", type: "address" },
        { name: "spender", type: "address" },
        { name: "value", type: "uint256" },
        { name: "nonce", type: "uint256" },
        { name: "deadline", type: "uint256" },
      ],
    },
    primaryType: "Permit",
    domain: { name: tokenName, version: "1", chainId: config().chainId, verifyingContract: token },
    message: { owner: state.account, spender, value: value.toString(), nonce: nonce.toString(), deadline: deadline.toString() },
  };
  return request("eth_signTypedData_v4", [state.account, JSON.stringify(typed)]);
}

export function confirmed(detail) {
  document.body.dispatchEvent(new CustomEvent("sn:tx-confirmed", { bubbles: true, detail }));
}

// -- buttons (delegated) ------------------------------------------------------------------

function say(text, kind = "info") {
  for (const node of document.querySelectorAll("[data-wallet-message]")) {
    node.textContent = text;
    node.dataset.kind = kind;
  }
}

// The wallet's buttons: what a click on each does (errors said in [data-wallet-message]).
const BUTTONS = [
  ["[data-wallet-connect]", connect],
  ["[data-wallet-switch]", switchNetwork],
];

document.addEventListener("click", async (event) => {
  const target = event.target instanceof Element ? event.target : null;
  const button = target && BUTTONS.find(([selector]) => target.closest(selector));
  if (!button) return;
  event.preventDefault();
  try {
    await button[1]();
    say("");
  } catch (error) {
    say(explain(error), "error");
  }
});

// A fragment the server refused to update (404, 503: htmx does not swap those) is said in
// words rather than leaving the old figures on screen as if they were current.
document.addEventListener("htmx:responseError", (event) => {
  const status = event.detail && event.detail.xhr ? event.detail.xhr.status : "";
  say(`The server could not update this part of the page (${status}): reload the page to see why.`, "error");
});

// Reconnect silently when the wallet already trusts this site (no prompt: eth_accounts).
window.addEventListener("DOMContentLoaded", async () => {
  const provider = discover();
  if (!provider) return;
  try {
    const accounts = await provider.request({ method: "eth_accounts" });
    if (accounts && accounts.length) await connect();
  } catch {
    /* a wallet that refuses eth_accounts stays disconnected until the button is pressed */
  }
  render();
});
