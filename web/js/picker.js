// The coin picker: an ARIA combobox that filters every stored coin by symbol or name as you type
// and lists the matches by rank (an exact symbol match first). The coin list is loaded once, on
// first use, so typing never waits for the network.
const MAX_OPTIONS = 50;

export class Picker {
  // loadCoins(): Promise<[{symbol, name, rank, rows, source}]>; onPick(symbol); onPreview(symbol):
  // an option has been under the pointer or the keyboard's highlight for a moment (prefetch).
  constructor(input, listbox, {loadCoins, onPick, onPreview}) {
    this.input = input;
    this.listbox = listbox;
    this.loadCoins = loadCoins;
    this.onPick = onPick;
    this.onPreview = onPreview || (() => {});
    this.previewTimer = 0;
    this.coins = null;
    this.matches = [];
    this.active = -1;
    input.addEventListener('focus', () => this.update());
    input.addEventListener('input', () => this.update());
    input.addEventListener('keydown', (e) => this.key(e));
    input.addEventListener('blur', () => setTimeout(() => {
      if (document.activeElement !== input) this.close();
    }, 150));
    listbox.addEventListener('mousedown', (e) => e.preventDefault());  // Keep the focus.
    listbox.addEventListener('pointerover', (e) => {
      const option = e.target.closest('[role=option]');
      if (option) this.preview(option.dataset.symbol);
    });
    listbox.addEventListener('click', (e) => {
      const option = e.target.closest('[role=option]');
      if (option) this.pick(Number(option.dataset.index));
    });
  }

  async ensureCoins() {
    if (!this.coins) {
      this.coins = await this.loadCoins();
      this.index = this.coins.map((c) => [c.symbol.toLowerCase(), (c.name || '').toLowerCase()]);
    }
    return this.coins;
  }

  async update() {
    let coins;
    try {
      coins = await this.ensureCoins();
    } catch {
      this.showMessage('Coin list unavailable: the server does not answer');
      return;
    }
    const q = this.input.value.trim().toLowerCase();
    const exact = [];
    const rest = [];
    coins.forEach((coin, i) => {
      const [symbol, name] = this.index[i];
      if (!q) rest.push(coin);
      else if (symbol === q) exact.push(coin);
      else if (symbol.includes(q) || name.includes(q)) rest.push(coin);
    });
    // The API lists by rank (null ranks last) already.
    this.matches = [...exact, ...rest].slice(0, MAX_OPTIONS);
    this.active = this.matches.length ? 0 : -1;
    this.render(q);
  }

  showMessage(text) {
    this.listbox.replaceChildren();
    const li = document.createElement('li');
    li.className = 'empty';
    li.textContent = text;
    this.listbox.append(li);
    this.open();
  }

  render(q) {
    if (!this.matches.length) {
      this.showMessage(q ? `No stored coin matches “${q}”` : 'No coins stored yet');
      return;
    }
    this.listbox.replaceChildren();
    this.matches.forEach((coin, i) => {
      const li = document.createElement('li');
      li.id = 'coin-opt-' + i;
      li.setAttribute('role', 'option');
      li.dataset.index = String(i);
      li.dataset.symbol = coin.symbol;
      li.setAttribute('aria-selected', String(i === this.active));
      const rank = document.createElement('span');
      rank.className = 'rank';
      rank.textContent = coin.rank ? '#' + coin.rank : '–';
      const symbol = document.createElement('b');
      symbol.textContent = coin.symbol;
      const name = document.createElement('span');
      name.className = 'name';
      name.textContent = coin.name || '';
      const days = document.createElement('span');
      days.className = 'days';
      days.textContent = coin.rows ? `${coin.rows} d` : 'no data';
      li.append(rank, symbol, name, days);
      this.listbox.append(li);
    });
    this.open();
    this.highlight();
  }

  open() {
    this.listbox.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
  }

  close() {
    this.listbox.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
  }

  preview(symbol) {
    clearTimeout(this.previewTimer);
    this.previewTimer = setTimeout(() => this.onPreview(symbol), 60);
  }

  // scroll: bring the highlighted option into view (keyboard moves only: it forces a layout,
  // which costs several ms per keystroke when done while typing).
  highlight(scroll = false) {
    for (const li of this.listbox.querySelectorAll('[role=option]')) {
      const on = Number(li.dataset.index) === this.active;
      li.setAttribute('aria-selected', String(on));
      if (on && scroll) li.scrollIntoView({block: 'nearest'});
    }
    if (this.active >= 0) this.input.setAttribute('aria-activedescendant', 'coin-opt-' + this.active);
  }

  key(e) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (this.listbox.hidden) {
        this.update();
        return;
      }
      const n = this.matches.length;
      if (!n) return;
      this.active = (this.active + (e.key === 'ArrowDown' ? 1 : n - 1)) % n;
      this.highlight(true);
      this.preview(this.matches[this.active].symbol);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (this.active >= 0) this.pick(this.active);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      this.input.value = '';
      this.close();
      this.input.blur();
    }
  }

  pick(index) {
    const coin = this.matches[index];
    if (!coin) return;
    clearTimeout(this.previewTimer);
    this.input.value = '';
    this.close();
    this.input.blur();
    this.onPick(coin.symbol);
  }
}
