import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/**
 * The portal processes that have run on this host with this data directory, one file each under `<dataDir>/owners`,
 * removed when the process stops cleanly. At start, those whose process is gone were killed mid-flight: their runs
 * are interrupted at once, without waiting for their heartbeats to go stale.
 */
export class OwnerRegistry {
    private readonly dir: string;

    constructor(dataDir: string) {
        this.dir = path.join(dataDir, "owners");
    }

    /** Owners of this host whose process no longer runs. */
    deadOwners(): string[] {
        if (!fs.existsSync(this.dir)) return [];
        return fs
            .readdirSync(this.dir)
            .map((file) => decodeURIComponent(file))
            .filter((owner) => {
                const [host, pid] = owner.split(":");
                return host === os.hostname() && !isAlive(Number(pid));
            });
    }

    register(owner: string): void {
        fs.mkdirSync(this.dir, { recursive: true });
        fs.writeFileSync(this.file(owner), `${new Date().toISOString()}\n`);
    }

    forget(owners: string[]): void {
        for (const owner of owners) fs.rmSync(this.file(owner), { force: true });
    }

    private file(owner: string): string {
        return path.join(this.dir, encodeURIComponent(owner));
    }
}

function isAlive(pid: number): boolean {
    if (!Number.isInteger(pid) || pid <= 0) return false;
    try {
        process.kill(pid, 0);
        return true;
    } catch (err) {
        // EPERM: the process exists but belongs to another user.
        return (err as NodeJS.ErrnoException).code === "EPERM";
    }
}
