#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""An independent MRP for the tests: the issue's seven rules, written again.

    mrp-oracle.py DATASET DAY0 IDS

reads an erp-anchor-dataset/1 file (as `sanhe-server import` would load
it with --day0 DAY0) and prints the suggestions a run dated DAY0 must
give, one a line, in the text of tests/erp-mrp/erp-mrp-fixture.c's
mrp_describe():

    purchase RAWP 25.0000 due 2026-05-05 release 2026-05-04 late 4 [SO-M2/1 8.0000]

IDS names the database ids the import gave, which fix the only orders the
rules leave open: items in id order within a low-level code, sales-order
lines in id order within a day, production tasks likewise. Lines "item
CODE ID", "line NUMBER/LINE ID" and "task NUMBER ID".

Open production tasks (open_productions) are supply on their due day, and
since nothing has been issued to them yet, their components are demand:
one BOM level of the task's quantity, with scrap and rounded up as a
planned order's, on the task's start (due day less lead time, not before
day 0), pegged to the task by its number (= its code in the file).

Nothing here is shared with server/erp/sanhe-mrp.c; what both must agree
on besides the rules:
  * ties: on one day, receipts before requirements; requirements in the
    order they arose (sales-order lines by id, then the components of
    production tasks by task id and BOM position, then dependent
    requirements in planning order); a planned order's lot after that
    day's receipts;
  * proportional pegging through a parent: part i of a dependent
    requirement taken from a lot gets floor(cum_i · take / parent_qty) −
    floor(cum_{i−1} · take / parent_qty), cum the running sum of the
    parent's pegs, so the parts add up;
  * pegs of one order merged per demand, in first-seen order.
Quantities are integers in units of 0.0001.
"""

import datetime
import json
import sys
from decimal import Decimal

ONE = 10000
HUNDRED = 100 * ONE


def units(value):
    if value is None:
        return 0
    return int((Decimal(str(value)) * ONE).to_integral_value())


def text(u):
    sign = '-' if u < 0 else ''
    u = abs(u)
    return '%s%d.%04d' % (sign, u // ONE, u % ONE)


def ceil_div(a, b):
    return -((-a) // b)


def main():
    data = json.load(open(sys.argv[1], encoding='utf-8'))
    day0 = datetime.date.fromisoformat(sys.argv[2])
    ids = {'item': {}, 'line': {}, 'task': {}}
    for row in open(sys.argv[3], encoding='utf-8'):
        kind, name, ident = row.split()
        ids[kind][name] = int(ident)
    item_ids, line_ids, task_ids = ids['item'], ids['line'], ids['task']

    items = sorted(data['items'], key=lambda i: item_ids[i['code']])
    index = {it['code']: n for n, it in enumerate(items)}
    n = len(items)
    make = [it['make_or_buy'] == 'make' for it in items]
    lead = [max(int(it.get('lead_time_days', 0)), 0) for it in items]
    ss = [units(it.get('safety_stock')) for it in items]
    min_lot = [units(it.get('min_lot')) for it in items]
    multiple = [units(it.get('lot_multiple')) for it in items]
    scrap = [units(it.get('scrap_pct')) for it in items]
    on_hand = [0] * n
    for row in data.get('on_hand', []):
        on_hand[index[row['item']]] += units(row['qty'])

    bom = [[] for _ in range(n)]
    for b in data.get('boms', []):
        out = Decimal(str(b.get('output_qty', 1)))
        for c in b['components']:
            per = units(Decimal(str(c['qty'])) / out)
            bom[index[b['parent']]].append((index[c['item']], per, units(c.get('scrap_pct'))))

    # Low-level code: the deepest level an item appears at.
    llc = [0] * n
    indegree = [0] * n
    for p in range(n):
        for c, _, _ in bom[p]:
            indegree[c] += 1
    queue = [i for i in range(n) if indegree[i] == 0]
    for p in queue:
        for c, _, _ in bom[p]:
            llc[c] = max(llc[c], llc[p] + 1)
            indegree[c] -= 1
            if indegree[c] == 0:
                queue.append(c)
    assert len(queue) == n, 'the BOMs hold a cycle'

    seq = [0]

    def next_seq():
        seq[0] += 1
        return seq[0]

    # Requirements: [day, seq, qty, ('so', name) | ('order', k)]
    reqs = [[] for _ in range(n)]
    names = {}
    lines = []
    for o in data.get('orders', []):
        for number, line in enumerate(o['lines'], 1):
            name = '%s/%d' % (o['code'], number)
            lines.append((line_ids[name], index[line['item']], max(int(o.get('due_day', 0)), 0), units(line['qty']), name))
    for ident, item, day, qty, name in sorted(lines):
        reqs[item].append((day, next_seq(), qty, ('so', name)))
    supplies = [[] for _ in range(n)]
    for po in data.get('open_purchases', []):
        for line in po['lines']:
            supplies[index[line['item']]].append((max(int(line.get('due_day', 0)), 0), next_seq(), units(line['qty'])))
    tasks = sorted(data.get('open_productions', []), key=lambda t: task_ids[t['code']])
    for pt in tasks:
        supplies[index[pt['item']]].append((max(int(pt.get('due_day', 0)), 0), next_seq(), units(pt['qty'])))

    def component_qty(parent, qty, per, line_scrap):
        return ceil_div(qty * per * HUNDRED * HUNDRED,
                        ONE * (HUNDRED - line_scrap) * (HUNDRED - scrap[parent]))

    # A task's components are still to be issued: all of them are demand.
    for pt in tasks:
        item = index[pt['item']]
        if not make[item]:
            continue
        start = max(max(int(pt.get('due_day', 0)), 0) - lead[item], 0)
        for c, per, line_scrap in bom[item]:
            q = component_qty(item, units(pt['qty']), per, line_scrap)
            if q > 0:
                reqs[c].append((start, next_seq(), q, ('task', pt['code'])))

    orders = []   # dicts: item, qty, due, pegs [(demand, qty)]
    for item in sorted(range(n), key=lambda i: (llc[i], i)):
        r = sorted(reqs[item], key=lambda x: (x[0], x[1]))
        s = sorted(supplies[item], key=lambda x: (x[0], x[1]))
        balance = on_hand[item]
        lots = [[on_hand[item], None]] if on_hand[item] > 0 else []
        mine = []
        days = sorted({0} | {x[0] for x in r} | {x[0] for x in s})
        for day in days:
            for sd, _, q in s:
                if sd == day:
                    balance += q
                    lots.append([q, None])
            for rd, _, q, _ in r:
                if rd == day:
                    balance -= q
            if balance < ss[item]:
                q = max(ss[item] - balance, min_lot[item])
                if multiple[item] > 0:
                    q = ceil_div(q, multiple[item]) * multiple[item]
                k = len(orders)
                orders.append({'item': item, 'qty': q, 'due': day, 'pegs': []})
                mine.append(k)
                lots.append([q, k])
                balance += q

        if not mine:
            continue

        # Pegging: safety stock first, then the requirements by date.
        cursor = [0]

        def allocate(qty, demand):
            while qty > 0 and cursor[0] < len(lots):
                lot = lots[cursor[0]]
                take = min(qty, lot[0])
                if lot[1] is not None:
                    pegs = orders[lot[1]]['pegs']
                    if demand is None:
                        pegs.append(('safety_stock', take))
                    elif demand[0] in ('so', 'task'):
                        pegs.append((demand[1], take))
                    else:
                        parent = orders[demand[1]]
                        cum, given = 0, 0
                        for d, pq in parent['pegs']:
                            cum += pq
                            upto = cum * take // parent['qty']
                            if upto - given > 0:
                                pegs.append((d, upto - given))
                            given = upto
                lot[0] -= take
                qty -= take
                if lot[0] == 0:
                    cursor[0] += 1

        allocate(ss[item], None)
        for _, _, q, demand in r:
            allocate(q, demand)
        for k in mine:
            merged = {}
            for d, q in orders[k]['pegs']:
                merged[d] = merged.get(d, 0) + q
            orders[k]['pegs'] = list(merged.items())

        # Dependent requirements at the release day.
        if make[item]:
            for k in mine:
                o = orders[k]
                release = max(o['due'] - lead[item], 0)
                for c, per, line_scrap in bom[item]:
                    q = component_qty(item, o['qty'], per, line_scrap)
                    if q > 0:
                        reqs[c].append((release, next_seq(), q, ('order', k)))

    out = sys.stdout
    for o in orders:
        item = o['item']
        due = o['due']
        release = max(due - lead[item], 0)
        late = max(lead[item] - due, 0)
        pegs = ', '.join('%s %s' % (d, text(q)) for d, q in o['pegs'])
        out.write('%s %s %s due %s release %s late %d [%s]\n' % (
            'production' if make[item] else 'purchase', items[item]['code'], text(o['qty']),
            day0 + datetime.timedelta(days=due), day0 + datetime.timedelta(days=release), late, pegs))


if __name__ == '__main__':
    main()
