import sys, re, collections
# usage: agg.py file.txt mode   (mode: cpu|alloc), file is `jfr print --events ...` output
path, mode = sys.argv[1], sys.argv[2]
depth = int(sys.argv[3]) if len(sys.argv) > 3 else 1
text = open(path).read()
events = text.split('\njdk.')
top = collections.Counter(); total = 0
incl = collections.Counter()
types = collections.Counter()
for ev in events:
    frames = re.findall(r'^\s+([\w.$<>]+)\(.*?line:', ev, re.M)
    if not frames: continue
    w = 1
    if mode == 'alloc':
        m = re.search(r'weight = ([\d.]+) (bytes|kB|MB|GB)', ev)
        if not m: continue
        w = float(m.group(1)) * {'bytes':1,'kB':1e3,'MB':1e6,'GB':1e9}[m.group(2)]
        t = re.search(r'objectClass = ([\w.$\[\]]+)', ev)
        if t: types[t.group(1)] += w
    total += w
    top[' < '.join(frames[:depth])] += w
    for f in set(frames):
        incl[f] += w
print('total', total)
print('--- top frames (self)')
for k, v in top.most_common(35): print(f'{100*v/total:5.1f}% {k}')
if types:
    print('--- object types')
    for k, v in types.most_common(20): print(f'{100*v/total:5.1f}% {v/1e6:8.0f} MB {k}')
print('--- inclusive, package-filtered')
for k, v in incl.most_common(400):
    if re.match(r'(dev\.chunkwise|org\.hibernate|org\.postgresql|org\.mariadb)', k):
        pass
    else: continue
print_n = 0
for k, v in incl.most_common():
    if any(k.startswith(p) for p in ('dev.chunkwise','org.hibernate.engine','org.hibernate.sql.results','org.hibernate.internal','org.postgresql','org.mariadb','org.hibernate.resource','org.hibernate.query','org.hibernate.event')):
        print(f'{100*v/total:5.1f}% {k}'); print_n += 1
        if print_n > 45: break
